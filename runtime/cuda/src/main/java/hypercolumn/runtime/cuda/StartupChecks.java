package hypercolumn.runtime.cuda;

import hypercolumn.runtime.cuda.CudaLibraries.LoadedLibrary;
import hypercolumn.runtime.cuda.CudaLibraries.Status;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcResult;

/**
 * What the CUDA device checks once its libraries are loaded, before it is offered: the driver
 * starts and sees a GPU, NVRTC and cuBLAS are no newer than the driver, and cuBLAS creates a
 * handle. Each failure is one line that names the library and its file, then what to do; the
 * details add everything that was loaded.
 *
 * <p>JCuda's exceptions are off while these run, so every status is read here: a forwarder
 * that cannot find a function returns {@value #FORWARDER_UNRESOLVED}, which no NVIDIA library
 * returns, and answers that status's text with what it missed.
 */
final class StartupChecks {
  /** HC_UNRESOLVED of runtime/src/main/c/forward/forward.h. */
  static final int FORWARDER_UNRESOLVED = -1;

  private final LoadedLibrary nvrtc;
  private final LoadedLibrary cublas;
  private final String loaded;
  private int driverVersion;

  StartupChecks(LoadedLibrary nvrtc, LoadedLibrary cublas, String loaded) {
    this.nvrtc = nvrtc;
    this.cublas = cublas;
    this.loaded = loaded;
  }

  Status run() {
    int result = JCudaDriver.cuInit(0);
    if (result != CUresult.CUDA_SUCCESS) {
      return unusable("the driver failed to start: " + CUresult.stringFor(result),
          "Check nvidia-smi; a driver older than the CUDA libraries reports"
              + " CUDA_ERROR_INSUFFICIENT_DRIVER.");
    }
    int[] count = {0};
    JCudaDriver.cuDeviceGetCount(count);
    if (count[0] == 0) {
      return unusable("the driver sees no GPU", "Check nvidia-smi and CUDA_VISIBLE_DEVICES.");
    }
    int[] version = {0};
    JCudaDriver.cuDriverGetVersion(version);
    driverVersion = version[0];
    Status failure = checkNvrtc();
    if (failure == null) {
      failure = checkCublasVersion();
    }
    if (failure == null) {
      failure = checkCublasHandle();
    }
    return failure != null ? failure : new Status(true, "CUDA device: " + count[0]
        + " GPU(s), driver API " + cuda(driverVersion), loaded);
  }

  /** The driver JIT-compiles NVRTC's PTX; it cannot load PTX newer than itself. */
  private Status checkNvrtc() {
    int[] major = {0};
    int[] minor = {0};
    int result = JNvrtc.nvrtcVersion(major, minor);
    if (result != nvrtcResult.NVRTC_SUCCESS) {
      return failed("NVRTC", nvrtc, "nvrtcVersion", result == FORWARDER_UNRESOLVED
          ? JNvrtc.nvrtcGetErrorString(result) : nvrtcResult.stringFor(result));
    }
    int needed = major[0] * 1000 + minor[0] * 10;
    if (needed > driverVersion) {
      return unusable("NVRTC " + major[0] + "." + minor[0] + " (" + nvrtc.path()
              + ") is newer than the driver (CUDA " + cuda(driverVersion)
              + "), which cannot load its PTX",
          "Update the NVIDIA driver to one for CUDA " + cuda(needed) + " or newer, or point -D"
              + LibrarySearch.PATH_PROPERTY + " at an NVRTC no newer than the driver (pip install "
              + CudaLibraries.wheel("libnvrtc", driverVersion / 1000) + ").");
    }
    return null;
  }

  /** cuBLAS of CUDA M runs on any driver for CUDA M.0 or newer, and on no older one. */
  private Status checkCublasVersion() {
    int[] major = {0};
    int[] minor = {0};
    int result = JCublas2.cublasGetProperty(0, major);
    if (result == cublasStatus.CUBLAS_STATUS_SUCCESS) {
      result = JCublas2.cublasGetProperty(1, minor);
    }
    if (result != cublasStatus.CUBLAS_STATUS_SUCCESS) {
      return failed("cuBLAS", cublas, "cublasGetProperty", cublasText(result));
    }
    if (major[0] * 1000 > driverVersion) {
      return unusable("cuBLAS " + major[0] + "." + minor[0] + " (" + cublas.path()
              + ") needs a driver for CUDA " + major[0] + ".0 or newer; this driver is for CUDA "
              + cuda(driverVersion),
          "Update the NVIDIA driver to one for CUDA " + major[0] + ".0 or newer, or point -D"
              + LibrarySearch.PATH_PROPERTY + " at a cuBLAS no newer than the driver (pip install "
              + CudaLibraries.wheel("libcublas", driverVersion / 1000) + ").");
    }
    return null;
  }

  /**
   * cuBLAS starts its own CUDA runtime on the GPU's primary context, which the device shares;
   * where the runtime cannot start (no GPU it can use), cublasCreate is the first call to say so.
   */
  private Status checkCublasHandle() {
    CUdevice gpu = new CUdevice();
    CUcontext context = new CUcontext();
    JCudaDriver.cuDeviceGet(gpu, 0);
    JCudaDriver.cuDevicePrimaryCtxRetain(context, gpu);
    JCudaDriver.cuCtxSetCurrent(context);
    cublasHandle handle = new cublasHandle();
    int result = JCublas2.cublasCreate(handle);
    if (result == cublasStatus.CUBLAS_STATUS_SUCCESS) {
      JCublas2.cublasDestroy(handle);
    }
    // The context stays retained: releasing its last reference would destroy it, and the
    // device is about to use it.
    JCudaDriver.cuCtxSetCurrent(new CUcontext());
    if (result == cublasStatus.CUBLAS_STATUS_SUCCESS) {
      return null;
    }
    if (result == FORWARDER_UNRESOLVED) {
      return failed("cuBLAS", cublas, "cublasCreate", cublasText(result));
    }
    return unusable("cuBLAS (" + cublas.path() + ") could not create a handle: "
            + cublasStatus.stringFor(result) + "; its CUDA runtime found no GPU it can use",
        "The driver is for CUDA " + cuda(driverVersion) + ". Check nvidia-smi, that this process"
            + " may open /dev/nvidia*, and that the driver is for CUDA " + cublasMajor() + ".0 or"
            + " newer, as this cuBLAS needs.");
  }

  private String cublasMajor() {
    int[] major = {0};
    return JCublas2.cublasGetProperty(0, major) == 0 ? Integer.toString(major[0]) : "?";
  }

  private static String cublasText(int result) {
    return result == FORWARDER_UNRESOLVED
        ? JCublas2.cublasGetStatusString(result) : cublasStatus.stringFor(result);
  }

  /** A call that failed before any GPU work: the library is not what it claims to be. */
  private Status failed(String name, LoadedLibrary library, String call, String why) {
    return unusable(name + " (" + library.path() + ") failed its first call, " + call + ": " + why,
        "Point -D" + LibrarySearch.PATH_PROPERTY + " at NVIDIA's " + name + " 12 or 13 (pip install "
            + CudaLibraries.wheel(library.soname().substring(0, library.soname().indexOf(".so.")), 13)
            + ").");
  }

  private Status unusable(String summary, String whatToDo) {
    return CudaLibraries.unusable("CUDA device: " + summary, loaded + " " + whatToDo);
  }

  /** A CUDA version number (12060) as CUDA writes it (12.6). */
  private static String cuda(int version) {
    return version / 1000 + "." + version % 1000 / 10;
  }
}
