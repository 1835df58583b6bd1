package hypercolumn.runtime.cuda;

import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.TensorChecks;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * A device-to-host copy queued on the device's stream into page-locked memory, with an event
 * the host waits on only when it wants the floats.
 */
final class CudaHostCopy implements HostCopy {
  private final CudaDevice device;
  private final CUstream stream;
  private final PinnedBuffer pinned = new PinnedBuffer();
  private final float[] values;
  private int count = -1;

  CudaHostCopy(CudaDevice device, CUstream stream, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, found " + capacity);
    }
    this.device = device;
    this.stream = stream;
    this.values = new float[capacity];
    pinned.prepare(4L * Math.max(1, capacity));
  }

  @Override
  public void start(Tensor source, int sourceOffset, int count) {
    if (count > values.length) {
      throw new IllegalArgumentException(
          "a host copy of capacity " + values.length + " cannot take " + count + " floats");
    }
    if (!(source instanceof CudaTensor tensor) || source.device() != device) {
      throw new IllegalArgumentException("source must be a tensor of " + device.describe() + ", found "
          + (source == null ? "null" : "one of " + source.device()));
    }
    TensorChecks.checkRange(tensor.size(), sourceOffset, count, "source");
    device.checkNotInStep("a host copy");
    device.bindContext();
    pinned.prepare(4L * Math.max(1, count));
    if (count > 0) {
      JCudaDriver.cuMemcpyDtoHAsync(pinned.host, tensor.at(sourceOffset), 4L * count, stream);
    }
    JCudaDriver.cuEventRecord(pinned.copied, stream);
    this.count = count;
  }

  @Override
  public float[] await() {
    if (count < 0) {
      throw new IllegalStateException("await() before any start()");
    }
    device.bindContext();
    JCudaDriver.cuEventSynchronize(pinned.copied);
    pinned.bytes.clear();
    pinned.bytes.asFloatBuffer().get(values, 0, count);
    return values;
  }

  @Override
  public void close() {
    device.bindContext();
    pinned.close();
  }
}
