package hypercolumn.tests;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;
import java.util.Random;

/** Host arrays onto a device and back, and the random inputs of the oracle tests. */
final class DeviceArrays {
  private DeviceArrays() {}

  /** A tensor of {@code device} holding {@code values}. */
  static Tensor tensor(Device device, float[] values) {
    Tensor tensor = device.allocate(values.length);
    device.upload(values, 0, tensor, 0, values.length);
    return tensor;
  }

  /** The whole tensor, copied to the host. */
  static float[] read(Device device, Tensor tensor) {
    float[] values = new float[tensor.size()];
    device.download(tensor, 0, values, 0, values.length);
    return values;
  }

  /** {@code size} values from a normal distribution with standard deviation {@code sigma}. */
  static float[] gaussian(Random random, int size, double sigma) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) (sigma * random.nextGaussian());
    }
    return values;
  }

  /** {@code size} values that are 0 or 1. */
  static float[] bits(Random random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextBoolean() ? 1 : 0;
    }
    return values;
  }

  /** {@code values[from, from + count)} in double. */
  static double[] slice(float[] values, int from, int count) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = values[from + i];
    }
    return out;
  }
}
