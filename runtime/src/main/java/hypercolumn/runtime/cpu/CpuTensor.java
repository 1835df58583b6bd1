package hypercolumn.runtime.cpu;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/** Host memory of a {@link CpuDevice}: a plain float array, its own or a caller's ({@link CpuDevice#hostView}). */
public final class CpuTensor implements Tensor {
  private final CpuDevice device;
  private final float[] data;

  CpuTensor(CpuDevice device, int size) {
    if (size < 0) {
      throw new IllegalArgumentException("tensor size must be >= 0, found " + size);
    }
    this.device = device;
    this.data = new float[size];
  }

  /** A tensor over {@code data} itself, which {@link CpuDevice#hostView} has checked. */
  CpuTensor(CpuDevice device, float[] data) {
    this.device = device;
    this.data = data;
  }

  @Override
  public int size() {
    return data.length;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public float[] hostArray() {
    return data;
  }

  @Override
  public String toString() {
    return "CpuTensor[" + data.length + "]";
  }
}
