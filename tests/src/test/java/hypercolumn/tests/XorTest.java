package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Trainer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** XOR is not linearly separable: the hidden tanh layer has to learn it. */
class XorTest {
  private static final float[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final float[][] Y = {{0}, {1}, {1}, {0}};

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void smallMlpLearnsXor(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new XorMlpNet(device);
      model.initialize(2024L);
      History history = Trainer.of(model).optimizer(Adam.lr(0.05f)).batchSize(4).epochs(500)
          .seed(2024L).quiet().fit(Dataset.of(X, Y));

      float[] inputs = {0, 0, 0, 1, 1, 0, 1, 1};
      model.reserve(4);
      model.setInput(inputs, 0, 4);
      model.forward(4, false, 0L);
      float[] logits = Models.output(model, 4);
      int correct = 0;
      for (int i = 0; i < 4; i++) {
        correct += (logits[i] > 0) == (Y[i][0] == 1) ? 1 : 0;
      }
      int finalCorrect = correct;
      assertEquals(4, correct, () -> "XOR: " + finalCorrect + "/4 correct, logits " + Arrays.toString(logits)
          + "; loss every 25 epochs " + everyNth(history.loss(), 25));
    }
  }

  private static String everyNth(double[] values, int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.length; i += n) {
      out.append(String.format("%d: %.4f  ", i, values[i]));
    }
    return out.append("last: ").append(values[values.length - 1]).toString();
  }
}
