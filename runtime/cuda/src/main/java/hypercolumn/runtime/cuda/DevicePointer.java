package hypercolumn.runtime.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * A device address that also tells its value, so a recorded step can check that a replayed
 * call names the same memory as the recorded one (JCuda keeps the value of a plain {@code
 * CUdeviceptr} to itself).
 */
final class DevicePointer extends CUdeviceptr {

  /** The address {@code byteOffset} bytes past {@code base}. */
  DevicePointer(CUdeviceptr base, long byteOffset) {
    super(base, byteOffset);
  }

  /** The address as a number. */
  long address() {
    return getNativePointer() + getByteOffset();
  }

  @Override
  public DevicePointer withByteOffset(long byteOffset) {
    return new DevicePointer(this, byteOffset);
  }

  /** A fresh allocation of {@code bytes}. */
  static DevicePointer allocate(long bytes) {
    CUdeviceptr pointer = new CUdeviceptr();
    jcuda.driver.JCudaDriver.cuMemAlloc(pointer, bytes);
    return new DevicePointer(pointer, 0);
  }
}
