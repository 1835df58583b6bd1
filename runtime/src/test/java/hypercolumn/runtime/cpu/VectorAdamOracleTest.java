package hypercolumn.runtime.cpu;

import static hypercolumn.testing.Tolerance.assertWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CPU device's Vector API Adam ({@link VectorOptimizerKernels}) against Adam's update rule
 * computed here in double, as {@code Device#adamUpdate}'s javadoc states it (PyTorch's). CPU
 * only: the Vector API runs only where the JVM has jdk.incubator.vector, which this module's
 * surefire adds and the tests module's does not, so the suites on both devices reach the scalar
 * loop alone. 200003 parameters on one thread and on two: one range with a scalar tail, then
 * eight ranges of about 25000, each above the 16384 below which the device stays scalar. Three
 * steps with a new learning rate each, and gradients as small as 1e-9, where eps dominates the
 * denominator.
 */
class VectorAdamOracleTest {
  private static final int COUNT = 200_003;
  private static final float[] LEARNING_RATES = {1e-2f, 5e-3f, 2e-3f};

  @Test
  void vectorAdamFollowsTheUpdateRuleOnOneAndTwoThreads() {
    for (int threads : new int[] {1, 2}) {
      try (CpuDevice device = new CpuDevice(threads, true)) {
        assertEquals("vector", device.gemmKernel(), "surefire should add jdk.incubator.vector");
        check(device, new Random(threads));
      }
    }
  }

  private static void check(CpuDevice device, Random random) {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    Tensor parameters = device.allocate(COUNT);
    Tensor gradients = device.allocate(COUNT);
    Tensor state = device.allocate(2 * COUNT);
    double[] p = new double[COUNT];
    double[] m = new double[COUNT];
    double[] v = new double[COUNT];
    float[] start = parameters.hostArray();
    for (int i = 0; i < COUNT; i++) {
      start[i] = (float) random.nextGaussian();
      p[i] = start[i];
    }
    for (int step = 1; step <= 3; step++) {
      float[] g = gradients.hostArray();
      for (int i = 0; i < COUNT; i++) {
        g[i] = (float) (random.nextGaussian() * (i % 7 == 0 ? 1e-9 : 1));
      }
      float lr = LEARNING_RATES[step - 1];
      device.adamUpdate(parameters, gradients, state, COUNT, lr, beta1, beta2, eps, step);
      double bc1 = 1 - Math.pow(beta1, step);
      double bc2 = 1 - Math.pow(beta2, step);
      double[] scaledV = new double[COUNT];
      double[] actualScaledV = new double[COUNT];
      for (int i = 0; i < COUNT; i++) {
        m[i] = beta1 * m[i] + (1 - (double) beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - (double) beta2) * g[i] * (double) g[i];
        p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
        scaledV[i] = 1000 * v[i]; // of order 1e-3: compared scaled to order 1
        actualScaledV[i] = 1000 * (double) state.hostArray()[COUNT + i];
      }
      String what = "vector Adam, " + device.threads() + " threads, step " + step;
      assertWithin(what + ": parameters", p, parameters.hostArray(), 1e-6);
      assertWithin(what + ": first moments", m,
          java.util.Arrays.copyOf(state.hostArray(), COUNT), 1e-6);
      assertWithin(what + ": second moments times 1000", scaledV, actualScaledV, 1e-6);
    }
  }
}
