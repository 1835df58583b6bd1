package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static hypercolumn.tests.DeviceArrays.gaussian;
import static hypercolumn.tests.DeviceArrays.read;
import static hypercolumn.tests.DeviceArrays.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.RepeatedStep;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cuda.CudaDevice;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A repeated step (on the CUDA device: run once, captured as a CUDA graph, then replayed)
 * against the same step computed here in double: a squared-error loss and an L2 penalty written
 * to a result tensor, their gradient, then an Adam update with a new learning rate and step
 * each repetition. Replays must read each repetition's rate and step count, so a graph that kept
 * the values it was captured with fails, which a comparison of replays with direct runs or with
 * the CPU device could not tell from a correct replay of a wrong step.
 */
class RepeatedStepOracleTest {
  private static final int COUNT = 3000;
  private static final int REPETITIONS = 5;

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void replayedStepsFollowTheLossPenaltyAndAdamRuleWithEachStepsValues(TestDevices kind) {
    Random random = new Random(9);
    float[] start = gaussian(random, COUNT, 1);
    float[] targets = gaussian(random, COUNT, 1);
    float l2 = 1e-2f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    double[] p = new double[COUNT];
    double[] m = new double[COUNT];
    double[] v = new double[COUNT];
    for (int i = 0; i < COUNT; i++) {
      p[i] = start[i];
    }
    try (Device device = kind.open(); RepeatedStep step = device.repeatedStep()) {
      Tensor parameters = tensor(device, start);
      Tensor t = tensor(device, targets);
      Tensor gradients = device.allocate(COUNT);
      Tensor state = device.allocate(2 * COUNT);
      Tensor results = device.allocate(2);
      for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
        float lr = 0.05f / repetition;
        double loss = 0;
        double penalty = 0;
        double[] g = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
          double d = p[i] - targets[i];
          loss += d * d / COUNT;
          penalty += l2 * p[i] * p[i];
          g[i] = 2 * d / COUNT + 2 * l2 * p[i];
        }
        double bc1 = 1 - Math.pow(beta1, repetition);
        double bc2 = 1 - Math.pow(beta2, repetition);
        for (int i = 0; i < COUNT; i++) {
          m[i] = beta1 * m[i] + (1 - (double) beta1) * g[i];
          v[i] = beta2 * v[i] + (1 - (double) beta2) * g[i] * g[i];
          p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
        }

        step.begin(COUNT);
        device.meanSquaredError(parameters, 0, t, 0, COUNT, gradients, 0, results, 0);
        device.regularize(parameters, gradients, 0, COUNT, 0f, l2, results, 1);
        device.adamUpdate(parameters, gradients, state, COUNT, lr, beta1, beta2, eps, repetition);
        step.end();

        float[] values = read(device, results);
        String what = "repetition " + repetition;
        assertWithin(what + ": loss", loss, values[0], 1e-6);
        assertWithin(what + ": penalty", penalty, values[1], 1e-6);
        assertWithin(what + ": parameters", p, read(device, parameters), 1e-6);
      }
      if (device instanceof CudaDevice cuda) {
        assertEquals(1, cuda.stepCaptures(), "captured graphs");
        assertEquals(REPETITIONS - 2, cuda.stepReplays(), "replayed graphs");
      }
    }
  }
}
