package hypercolumn.runtime.cuda;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/** Device memory of a {@link CudaDevice}: {@code size} floats at a device address. */
final class CudaTensor implements Tensor {
  private final CudaDevice device;
  private final DevicePointer pointer;
  private final int size;

  CudaTensor(CudaDevice device, DevicePointer pointer, int size) {
    this.device = device;
    this.pointer = pointer;
    this.size = size;
  }

  /** The device address of the first float. */
  DevicePointer pointer() {
    return pointer;
  }

  /** The device address of float {@code offset}. */
  DevicePointer at(int offset) {
    return offset == 0 ? pointer : pointer.withByteOffset(4L * offset);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public float[] hostArray() {
    throw new UnsupportedOperationException(
        "a CUDA tensor lives in GPU memory and has no host array: use Device.download");
  }

  @Override
  public String toString() {
    return "CudaTensor[" + size + "]";
  }
}
