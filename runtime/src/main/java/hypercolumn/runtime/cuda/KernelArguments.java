package hypercolumn.runtime.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/** The {@code kernelParams} array of one {@code cuLaunchKernel}: a pointer to each value. */
final class KernelArguments {
  private final List<NativePointerObject> values = new ArrayList<>();

  KernelArguments add(int value) {
    values.add(Pointer.to(new int[] {value}));
    return this;
  }

  KernelArguments add(long value) {
    values.add(Pointer.to(new long[] {value}));
    return this;
  }

  KernelArguments add(float value) {
    values.add(Pointer.to(new float[] {value}));
    return this;
  }

  /** A device address; null passes a null pointer. */
  KernelArguments add(CUdeviceptr address) {
    values.add(address == null ? Pointer.to(new long[] {0L}) : Pointer.to(address));
    return this;
  }

  Pointer pointer() {
    return Pointer.to(values.toArray(new NativePointerObject[0]));
  }
}
