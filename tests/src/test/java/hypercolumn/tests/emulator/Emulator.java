package hypercolumn.tests.emulator;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;

/**
 * Loads the CUDA emulator built into {@code target/cuda-emulator} and gives tests a current
 * context. The libraries must be loaded under their sonames before any JCuda class is touched:
 * JCuda's JNI libraries then find them as their {@code libcuda.so.1}, {@code libnvrtc.so.12} and
 * {@code libcublas.so.12} instead of looking for an NVIDIA driver.
 */
final class Emulator {
  static final String[] LIBRARIES = {"libcuda.so.1", "libnvrtc.so.12", "libcublas.so.12"};

  private static CUcontext context;

  private Emulator() {}

  /** Loads the emulator once, enables JCuda's exceptions and makes the primary context current here. */
  static synchronized void load() {
    if (context == null) {
      String directory = System.getProperty("hypercolumn.cuda.path");
      assertFalse(directory == null, "the system property hypercolumn.cuda.path is not set (Maven's surefire sets it)");
      for (String library : LIBRARIES) {
        Path path = Path.of(directory, library).toAbsolutePath();
        assertTrue(Files.isRegularFile(path), "no CUDA emulator library " + path + ": build the tests module with Maven");
        System.load(path.toString());
      }
      JCudaDriver.setExceptionsEnabled(true);
      JNvrtc.setExceptionsEnabled(true);
      JCublas2.setExceptionsEnabled(true);
      cuInit(0);
      CUdevice device = new CUdevice();
      JCudaDriver.cuDeviceGet(device, 0);
      context = new CUcontext();
      cuDevicePrimaryCtxRetain(context, device);
    }
    cuCtxSetCurrent(context);
  }

  /**
   * Runs {@code call} and returns what the emulator's stubs logged meanwhile: each stub appends
   * {@code hypercolumn CUDA emulator: NAME is not supported} to the file the environment variable
   * {@code HC_EMULATOR_LOG} names, which surefire sets.
   */
  static String unsupportedCallsLoggedBy(Runnable call) throws IOException {
    String log = System.getenv("HC_EMULATOR_LOG");
    assertFalse(log == null, "the environment variable HC_EMULATOR_LOG is not set (Maven's surefire sets it)");
    Path path = Path.of(log);
    long before = Files.exists(path) ? Files.size(path) : 0;
    call.run();
    if (!Files.exists(path)) {
      return "";
    }
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
      byte[] added = new byte[(int) (file.length() - before)];
      file.seek(before);
      file.readFully(added);
      return new String(added, StandardCharsets.UTF_8);
    }
  }

  static CUdeviceptr upload(float[] values) {
    CUdeviceptr pointer = new CUdeviceptr();
    cuMemAlloc(pointer, Math.max(1, values.length) * 4L);
    cuMemcpyHtoD(pointer, Pointer.to(values), values.length * 4L);
    return pointer;
  }

  static float[] download(CUdeviceptr pointer, int count) {
    float[] values = new float[count];
    cuMemcpyDtoH(Pointer.to(values), pointer, count * 4L);
    return values;
  }

  /** Compiles CUDA C with the emulated NVRTC and loads the result as a module. */
  static CUmodule compile(String source, String name) {
    nvrtcProgram program = new nvrtcProgram();
    JNvrtc.nvrtcCreateProgram(program, source, name, 0, null, null);
    try {
      JNvrtc.nvrtcCompileProgram(program, 2, new String[] {"--gpu-architecture=compute_90", "-default-device"});
      String[] ptx = new String[1];
      JNvrtc.nvrtcGetPTX(program, ptx);
      CUmodule module = new CUmodule();
      cuModuleLoadData(module, terminated(ptx[0]));
      return module;
    } finally {
      JNvrtc.nvrtcDestroyProgram(program);
    }
  }

  static byte[] terminated(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  static float[] random(int count, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }
}
