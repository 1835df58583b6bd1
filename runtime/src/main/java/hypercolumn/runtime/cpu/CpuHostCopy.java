package hypercolumn.runtime.cpu;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.Tensor;

/** The CPU's host copy: the device's work is done when a call returns, so it copies at once. */
final class CpuHostCopy implements HostCopy {
  private final Device device;
  private final float[] values;
  private boolean started;

  CpuHostCopy(Device device, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, found " + capacity);
    }
    this.device = device;
    this.values = new float[capacity];
  }

  @Override
  public void start(Tensor source, int sourceOffset, int count) {
    if (count > values.length) {
      throw new IllegalArgumentException(
          "a host copy of capacity " + values.length + " cannot take " + count + " floats");
    }
    device.download(source, sourceOffset, values, 0, count);
    started = true;
  }

  @Override
  public float[] await() {
    if (!started) {
      throw new IllegalStateException("await() before any start()");
    }
    return values;
  }

  @Override
  public void close() {}
}
