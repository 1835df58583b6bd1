package hypercolumn.runtime.cuda;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;

/**
 * A GPU's primary context, the one stream all of a device's work goes to in call order, and the
 * cuBLAS handle bound to that stream. cuBLAS and cuDNN share the primary context with the driver
 * API, so nothing else needs a context of its own.
 */
final class CudaContext {
  private final CUdevice gpu = new CUdevice();
  private final CUcontext context = new CUcontext();
  private final CUstream stream = new CUstream();
  private final cublasHandle blas = new cublasHandle();
  private Thread boundThread;

  CudaContext(int ordinal) {
    JCudaDriver.cuDeviceGet(gpu, ordinal);
    JCudaDriver.cuDevicePrimaryCtxRetain(context, gpu);
    bind();
    JCudaDriver.cuStreamCreate(stream, 0);
    JCublas2.cublasCreate(blas);
    JCublas2.cublasSetStream(blas, new cudaStream_t(stream));
  }

  CUstream stream() {
    return stream;
  }

  cublasHandle blas() {
    return blas;
  }

  /** The driver keeps the current context per thread: set it when the calling thread changes. */
  void bind() {
    Thread caller = Thread.currentThread();
    if (caller != boundThread) {
      JCudaDriver.cuCtxSetCurrent(context);
      boundThread = caller;
    }
  }

  /** Waits until every call queued on the stream has finished. */
  void synchronize() {
    JCudaDriver.cuStreamSynchronize(stream);
  }

  private int attribute(int attribute) {
    int[] value = {0};
    JCudaDriver.cuDeviceGetAttribute(value, attribute, gpu);
    return value[0];
  }

  int computeCapabilityMajor() {
    return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
  }

  int computeCapabilityMinor() {
    return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
  }

  int multiprocessors() {
    return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
  }

  /** The GPU's name as the driver reports it. */
  String name() {
    byte[] bytes = new byte[256];
    JCudaDriver.cuDeviceGetName(bytes, bytes.length, gpu);
    int length = 0;
    while (length < bytes.length && bytes[length] != 0) {
      length++;
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** Destroys the handle and the stream and releases the primary context; call once, last. */
  void close() {
    JCublas2.cublasDestroy(blas);
    JCudaDriver.cuStreamDestroy(stream);
    JCudaDriver.cuDevicePrimaryCtxRelease(gpu);
  }
}
