package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.testing.Tolerance;
import org.junit.jupiter.api.Test;

class SgdTest {
  static final float[] START = {0.5f, -1.0f, 2.0f, 0.0f, -0.25f};
  /** Gradients of steps 1, 2 and 3. */
  static final float[][] GRADIENTS = {
    {0.1f, -0.2f, 0.3f, 1.0f, -0.5f},
    {-0.3f, 0.1f, 0.2f, -1.0f, 0.4f},
    {0.05f, 0.6f, -0.7f, 0.2f, 0.0f},
  };

  /** Runs three steps on the CPU device and returns the parameters after each step. */
  static float[][] run(Optimizer optimizer, int threads) {
    try (CpuDevice device = new CpuDevice(threads)) {
      Tensor parameters = device.allocate(START.length);
      Tensor gradients = device.allocate(START.length);
      device.upload(START, 0, parameters, 0, START.length);
      optimizer.attach(device, START.length);
      float[][] after = new float[GRADIENTS.length][];
      for (int step = 0; step < GRADIENTS.length; step++) {
        device.upload(GRADIENTS[step], 0, gradients, 0, START.length);
        optimizer.step(parameters, gradients);
        after[step] = parameters.hostArray().clone();
      }
      return after;
    }
  }

  /** The parameters after every step against the rule computed by hand in double. */
  static void assertClose(double[][] expected, float[][] actual) {
    for (int s = 0; s < expected.length; s++) {
      Tolerance.assertWithin("parameters after step " + (s + 1) + " against the hand-computed rule",
          expected[s], actual[s], 2e-7);
    }
  }

  @Test
  void plainSgdSubtractsTheScaledGradient() {
    double[][] expected = new double[3][5];
    for (int i = 0; i < 5; i++) {
      double p = START[i];
      for (int s = 0; s < 3; s++) {
        p -= 0.1 * GRADIENTS[s][i];
        expected[s][i] = p;
      }
    }
    assertClose(expected, run(Sgd.lr(0.1f), 1));
  }

  @Test
  void momentumAndNesterovFollowPyTorch() {
    for (boolean nesterov : new boolean[] {false, true}) {
      double[][] expected = new double[3][5];
      for (int i = 0; i < 5; i++) {
        double p = START[i];
        Double v = null; // PyTorch's buffer starts as None, then v = g
        for (int s = 0; s < 3; s++) {
          double g = GRADIENTS[s][i];
          v = v == null ? g : 0.9 * v + g;
          p -= 0.1 * (nesterov ? g + 0.9 * v : v);
          expected[s][i] = p;
        }
      }
      Sgd sgd = Sgd.lr(0.1f).momentum(0.9f);
      assertClose(expected, run(nesterov ? sgd.nesterov() : sgd, 2));
    }
  }

  @Test
  void describesItselfAsPyTorchWould() {
    assertEquals("SGD(lr=0.01)", Sgd.lr(0.01f).describe());
    assertEquals("SGD(lr=0.1, momentum=0.9, nesterov=True)",
        Sgd.lr(0.1f).momentum(0.9f).nesterov().describe());
  }

  @Test
  void badHyperparametersAreRejected() {
    assertEquals("learning rate must be a finite number > 0, found 0.0",
        assertThrows(IllegalArgumentException.class, () -> Sgd.lr(0f)).getMessage());
    assertEquals("momentum must be in [0, 1), found 1.0",
        assertThrows(IllegalArgumentException.class, () -> Sgd.lr(1f).momentum(1f)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Sgd.lr(1f).nesterov())
        .getMessage().contains("Nesterov momentum needs momentum > 0"));
    Sgd sgd = Sgd.lr(0.5f);
    sgd.setLearningRate(0.25f);
    assertEquals(0.25f, sgd.learningRate());
    assertThrows(IllegalStateException.class, () -> Sgd.lr(1f).step(null, null));
  }
}
