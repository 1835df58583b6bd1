package hypercolumn.runtime.train;

import static hypercolumn.runtime.train.SgdTest.GRADIENTS;
import static hypercolumn.runtime.train.SgdTest.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void followsPyTorchWithBiasCorrection() {
    double lr = 0.01;
    double beta1 = 0.8;
    double beta2 = 0.95;
    double eps = 1e-8;
    double[][] expected = new double[3][5];
    for (int i = 0; i < 5; i++) {
      double p = START[i];
      double m = 0;
      double v = 0;
      for (int step = 1; step <= 3; step++) {
        double g = GRADIENTS[step - 1][i];
        m = beta1 * m + (1 - beta1) * g;
        v = beta2 * v + (1 - beta2) * g * g;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        p -= lr / bc1 * m / (Math.sqrt(v) / Math.sqrt(bc2) + eps);
        expected[step - 1][i] = p;
      }
    }
    SgdTest.assertClose(expected, SgdTest.run(Adam.lr(0.01f).betas(0.8f, 0.95f), 2));
  }

  @Test
  void attachingAgainRestartsTheStepCount() {
    Adam adam = Adam.lr(0.01f);
    float[][] first = SgdTest.run(adam, 1);
    float[][] second = SgdTest.run(adam, 2);
    assertEquals(3, adam.steps());
    for (int s = 0; s < first.length; s++) {
      for (int i = 0; i < first[s].length; i++) {
        assertEquals(first[s][i], second[s][i]);
      }
    }
  }

  @Test
  void describesItselfWithPyTorchDefaults() {
    assertEquals("Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)", Adam.lr(1e-3f).describe());
    assertEquals("Adam(lr=0.0001, betas=(0.5, 0.9), eps=1e-05)",
        Adam.lr(1e-4f).betas(0.5f, 0.9f).eps(1e-5f).describe());
  }

  @Test
  void badHyperparametersAreRejected() {
    assertEquals("beta2 must be in [0, 1), found 1.0",
        assertThrows(IllegalArgumentException.class, () -> Adam.lr(1f).betas(0.9f, 1f))
            .getMessage());
    assertEquals("learning rate must be a finite number > 0, found NaN",
        assertThrows(IllegalArgumentException.class, () -> Adam.lr(Float.NaN)).getMessage());
  }
}
