package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.testing.Tolerance;
import org.junit.jupiter.api.Test;

/**
 * The fixtures agree with themselves: each stored loss is what its loss function gives for the
 * stored output and labels, computed here in double. This checks the safetensors reader and
 * guards against a fixture regenerated with the wrong loss.
 */
class FixtureConsistencyTest {

  @Test
  void softmaxCrossEntropyOfLogits() {
    Safetensors f = Goldens.named("tanh_relu_ce").expected();
    assertArrayEquals(new int[] {5, 3}, f.shape("out"));
    assertArrayEquals(new int[] {5}, f.shape("y"));
    float[] out = f.get("out");
    float[] y = f.get("y");
    double sum = 0;
    for (int i = 0; i < 5; i++) {
      double max = Math.max(out[i * 3], Math.max(out[i * 3 + 1], out[i * 3 + 2]));
      double z = 0;
      for (int j = 0; j < 3; j++) {
        z += Math.exp(out[i * 3 + j] - max);
      }
      sum += max + Math.log(z) - out[i * 3 + (int) y[i]];
    }
    Tolerance.assertWithin("stored cross-entropy", sum / 5, f.get("loss")[0], 1e-6);
  }

  @Test
  void crossEntropyOfProbabilities() {
    Safetensors f = Goldens.named("softmax_output_ce").expected();
    float[] out = f.get("out");
    float[] y = f.get("y");
    double sum = 0;
    for (int i = 0; i < 5; i++) {
      Tolerance.assertWithin("sum of row " + i + ", a distribution", 1.0,
          (double) out[i * 3] + out[i * 3 + 1] + out[i * 3 + 2], 1e-6);
      sum -= Math.log(out[i * 3 + (int) y[i]]);
    }
    Tolerance.assertWithin("stored cross-entropy of probabilities", sum / 5, f.get("loss")[0], 1e-6);
  }

  @Test
  void binaryCrossEntropyWithLogits() {
    Safetensors f = Goldens.named("sigmoid_leaky_bce").expected();
    float[] out = f.get("out");
    float[] y = f.get("y");
    double sum = 0;
    for (int i = 0; i < out.length; i++) {
      double x = out[i];
      sum += Math.max(x, 0) - x * y[i] + Math.log1p(Math.exp(-Math.abs(x)));
    }
    Tolerance.assertWithin("stored binary cross-entropy", sum / out.length, f.get("loss")[0], 1e-6);
  }

  @Test
  void meanSquaredError() {
    for (String name : new String[] {"elu_softmax_mse", "no_bias_mse"}) {
      Safetensors f = Goldens.named(name).expected();
      float[] out = f.get("out");
      float[] y = f.get("y");
      double sum = 0;
      for (int i = 0; i < out.length; i++) {
        sum += (out[i] - y[i]) * (double) (out[i] - y[i]);
      }
      Tolerance.assertWithin(name + ": stored mean squared error", sum / out.length, f.get("loss")[0], 1e-6);
    }
  }

  @Test
  void paramsFilesHoldExactlyTheParameters() {
    Safetensors p = Goldens.named("no_bias_mse").params();
    assertEquals(java.util.List.of("hidden.weight", "output.bias", "output.weight"), p.names());
    assertArrayEquals(new int[] {5, 4}, p.shape("hidden.weight"));
  }
}
