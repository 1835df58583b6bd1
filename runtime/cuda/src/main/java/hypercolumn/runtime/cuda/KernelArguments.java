package hypercolumn.runtime.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * The {@code kernelParams} array of one {@code cuLaunchKernel}: a pointer to each value, and the
 * values as numbers, by which a replayed launch is checked against its recording.
 */
final class KernelArguments {
  private final List<NativePointerObject> values = new ArrayList<>();
  private long[] raw = new long[12];
  private int count;

  KernelArguments add(int value) {
    values.add(Pointer.to(new int[] {value}));
    return record(value);
  }

  KernelArguments add(long value) {
    values.add(Pointer.to(new long[] {value}));
    return record(value);
  }

  KernelArguments add(float value) {
    values.add(Pointer.to(new float[] {value}));
    return record(Float.floatToRawIntBits(value));
  }

  KernelArguments add(double value) {
    values.add(Pointer.to(new double[] {value}));
    return record(Double.doubleToRawLongBits(value));
  }

  /** A device address; null passes a null pointer. */
  KernelArguments add(DevicePointer address) {
    values.add(address == null ? Pointer.to(new long[] {0L}) : Pointer.to((CUdeviceptr) address));
    return record(address == null ? 0L : address.address());
  }

  Pointer pointer() {
    return Pointer.to(values.toArray(new NativePointerObject[0]));
  }

  int size() {
    return count;
  }

  /** Argument {@code index} as a number: an int, a float's bits, a long or an address. */
  long raw(int index) {
    return raw[index];
  }

  private KernelArguments record(long value) {
    if (count == raw.length) {
      raw = java.util.Arrays.copyOf(raw, 2 * count);
    }
    raw[count++] = value;
    return this;
  }
}
