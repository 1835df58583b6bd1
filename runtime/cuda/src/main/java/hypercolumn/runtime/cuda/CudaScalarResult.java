package hypercolumn.runtime.cuda;

import hypercolumn.runtime.ScalarResult;
import hypercolumn.runtime.Tensor;

/**
 * The device float the CUDA device's value-returning losses are written to; reading it waits for
 * the stream, which a repeated step must not do, so the target is refused inside one.
 */
final class CudaScalarResult implements ScalarResult {
  private final CudaDevice device;
  private final Tensor slot;
  private final float[] host = new float[1];

  CudaScalarResult(CudaDevice device, Tensor slot) {
    this.device = device;
    this.slot = slot;
  }

  @Override
  public Tensor target(String operation) {
    device.checkNotInStep(operation);
    return slot;
  }

  @Override
  public float read() {
    device.download(slot, 0, host, 0, 1);
    return host[0];
  }
}
