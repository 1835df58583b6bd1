package hypercolumn.tests;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;

/**
 * A device that runs everything on a CPU device and records each generated kernel's launch
 * with its buffers before and after, so a test can replay the launch elsewhere (g++, the CUDA
 * emulator) and compare.
 */
public final class LaunchRecorder {
  private LaunchRecorder() {}

  /** One launch on the CPU device: the kernel's buffers before and after it ran. */
  public record Launch(FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets,
      float[][] before, float[][] after, float[] scalars, long rngKey) {}

  /** A device that delegates to {@code cpu} and appends every kernel launch to {@code launches}. */
  public static Device recording(CpuDevice cpu, List<Launch> launches) {
    return (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("launch")) {
            try {
              return method.invoke(cpu, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
          FusedKernel kernel = (FusedKernel) args[0];
          int rows = (int) args[1];
          Tensor[] tensors = (Tensor[]) args[2];
          int[] offsets = (int[]) args[3];
          float[] scalars = (float[]) args[4];
          long key = (long) args[5];
          float[][] before = regions(tensors, offsets, rows * kernel.columns());
          cpu.launch(kernel, rows, tensors, offsets, scalars, key);
          launches.add(new Launch(kernel, rows, tensors.clone(), offsets.clone(), before,
              regions(tensors, offsets, rows * kernel.columns()), scalars.clone(), key));
          return null;
        });
  }

  /** Each buffer from its offset, for a block's worth of floats or to the tensor's end. */
  private static float[][] regions(Tensor[] tensors, int[] offsets, int elements) {
    float[][] out = new float[tensors.length][];
    for (int k = 0; k < tensors.length; k++) {
      int end = Math.min(tensors[k].size(), offsets[k] + elements);
      out[k] = Arrays.copyOfRange(tensors[k].hostArray(), offsets[k], end);
    }
    return out;
  }
}
