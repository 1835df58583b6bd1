package hypercolumn.runtime.cuda;

import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.runtime.cudaStream_t;

/**
 * A cuDNN handle on the device's stream, so its work queues behind the device's other work and
 * is captured with it into a step's CUDA graph; and the checks of every cuDNN call: a failure
 * names the call and cuDNN's error string.
 */
final class Cudnn {
  static final int NCHW = 0;
  static final int FLOAT = 0;

  private final cudnnHandle handle = new cudnnHandle();
  private final float[] one = {1f};
  private final float[] zero = {0f};
  private final float[] scalar = {0f};

  /**
   * @throws IllegalStateException where cuDNN is missing, with {@link CudnnLibraries}'s line
   */
  Cudnn(CudaContext context) {
    CudnnLibraries.Status status = CudnnLibraries.load();
    if (!status.usable()) {
      throw new IllegalStateException(status.line());
    }
    check(JCudnn.cudnnCreate(handle), "cudnnCreate");
    check(JCudnn.cudnnSetStream(handle, new cudaStream_t(context.stream())), "cudnnSetStream");
  }

  cudnnHandle handle() {
    return handle;
  }

  Pointer one() {
    return Pointer.to(one);
  }

  Pointer zero() {
    return Pointer.to(zero);
  }

  /** A host float cuDNN reads when the call is made (alpha, beta, a fill value). */
  Pointer scalar(float value) {
    return Pointer.to(new float[] {value});
  }

  /** A dense NCHW float tensor descriptor. */
  cudnnTensorDescriptor tensor(int n, int c, int h, int w) {
    return tensor(n, c, h, w, c * h * w, h * w, w, 1);
  }

  /** An NCHW float tensor descriptor with the given strides (the interior of a padded copy). */
  cudnnTensorDescriptor tensor(int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride) {
    cudnnTensorDescriptor descriptor = new cudnnTensorDescriptor();
    check(JCudnn.cudnnCreateTensorDescriptor(descriptor), "cudnnCreateTensorDescriptor");
    check(JCudnn.cudnnSetTensor4dDescriptorEx(descriptor, FLOAT, n, c, h, w, nStride, cStride, hStride, wStride),
        "cudnnSetTensor4dDescriptorEx(" + n + ", " + c + ", " + h + ", " + w + ")");
    return descriptor;
  }

  /** A float filter descriptor {@code [k, c, h, w]}. */
  cudnnFilterDescriptor filter(int k, int c, int h, int w) {
    cudnnFilterDescriptor descriptor = new cudnnFilterDescriptor();
    check(JCudnn.cudnnCreateFilterDescriptor(descriptor), "cudnnCreateFilterDescriptor");
    check(JCudnn.cudnnSetFilter4dDescriptor(descriptor, FLOAT, NCHW, k, c, h, w),
        "cudnnSetFilter4dDescriptor(" + k + ", " + c + ", " + h + ", " + w + ")");
    return descriptor;
  }

  /** Throws, naming {@code call} and cuDNN's error string, unless {@code status} is success. */
  static void check(int status, String call) {
    if (status != 0) {
      throw new IllegalStateException(call + " failed: " + JCudnn.cudnnGetErrorString(status) + " (" + status + ")");
    }
  }

  void close() {
    JCudnn.cudnnDestroy(handle);
  }
}
