package hypercolumn.runtime.train;

import static hypercolumn.runtime.train.SgdTest.GRADIENTS;
import static hypercolumn.runtime.train.SgdTest.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RmsPropTest {

  @Test
  void followsPyTorchWithAndWithoutMomentum() {
    for (float momentum : new float[] {0f, 0.5f}) {
      double lr = 0.01;
      double alpha = 0.9;
      double eps = 1e-8;
      double[][] expected = new double[3][5];
      for (int i = 0; i < 5; i++) {
        double p = START[i];
        double s = 0;
        double buffer = 0;
        for (int step = 0; step < 3; step++) {
          double g = GRADIENTS[step][i];
          s = alpha * s + (1 - alpha) * g * g;
          double average = Math.sqrt(s) + eps; // eps outside the square root, as PyTorch
          if (momentum > 0) {
            buffer = momentum * buffer + g / average;
            p -= lr * buffer;
          } else {
            p -= lr * g / average;
          }
          expected[step][i] = p;
        }
      }
      RmsProp rmsProp = RmsProp.lr(0.01f).alpha(0.9f);
      SgdTest.assertClose(expected, SgdTest.run(momentum > 0 ? rmsProp.momentum(momentum) : rmsProp, 2));
    }
  }

  @Test
  void describesItselfWithPyTorchDefaults() {
    assertEquals("RMSprop(lr=0.001, alpha=0.99, eps=1e-08)", RmsProp.lr(1e-3f).describe());
    assertEquals("RMSprop(lr=0.01, alpha=0.9, eps=1e-06, momentum=0.5)",
        RmsProp.lr(0.01f).alpha(0.9f).eps(1e-6f).momentum(0.5f).describe());
  }

  @Test
  void badHyperparametersAreRejected() {
    assertEquals("alpha must be in [0, 1), found 1.5",
        assertThrows(IllegalArgumentException.class, () -> RmsProp.lr(1f).alpha(1.5f))
            .getMessage());
    assertEquals("eps must be a finite number > 0, found -1.0",
        assertThrows(IllegalArgumentException.class, () -> RmsProp.lr(1f).eps(-1f)).getMessage());
  }
}
