package hypercolumn.runtime.cuda;

import hypercolumn.runtime.Tensor;
import jcuda.Pointer;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnTensorDescriptor;

/**
 * For the tests of cuDNN calls the runtime does not make yet: a cuDNN handle loaded as the CUDA
 * device loads cuDNN ({@link CudnnLibraries}, so through the {@code libcudnn.so.8} forwarder on a
 * cuDNN 9 host or the emulator) and queued on the device's stream, and the device address of a
 * tensor. It sits in the runtime's package to reach {@link Cudnn} and {@link CudaTensor}.
 */
public final class CudnnAccess implements AutoCloseable {
  private final Cudnn cudnn;

  /**
   * @throws IllegalStateException where cuDNN is missing, saying what was looked for
   */
  public CudnnAccess(CudaDevice device) {
    this.cudnn = new Cudnn(device.context());
  }

  public cudnnHandle handle() {
    return cudnn.handle();
  }

  /** A dense NCHW float tensor descriptor. */
  public cudnnTensorDescriptor tensor(int n, int c, int h, int w) {
    return cudnn.tensor(n, c, h, w);
  }

  /** The device address of {@code tensor}'s first float; it must be a CUDA device's tensor. */
  public static Pointer address(Tensor tensor) {
    return ((CudaTensor) tensor).pointer();
  }

  @Override
  public void close() {
    cudnn.close();
  }
}
