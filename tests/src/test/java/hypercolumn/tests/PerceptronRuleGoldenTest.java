package hypercolumn.tests;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.testing.Tolerance;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rosenblatt's rule on the threshold unit, epoch by epoch, against the fixture's PyTorch tensors:
 * {@code w += lr / B * sum (y - step(w.x + b)) x} with {@code step(0) = 1}, as {@code
 * Loss.PERCEPTRON} and {@code Activation.HEAVISIDE} define it, over the samples in order, one at
 * a time (Rosenblatt's own) and in batches of four. The inputs, initial parameters and rate are
 * small multiples of powers of two, so every value is exact in float32 whatever the order of the
 * sums (the script checks its float32 run against float64), and the tolerance is 0.
 */
class PerceptronRuleGoldenTest {
  private static final double EXACT = 0;

  static Stream<Arguments> rules() {
    return Stream.of("sample", "batch").flatMap(r -> TestDevices.all().map(d -> Arguments.of(r, d)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("rules")
  void epochsOfRosenblattsRuleMatchPyTorch(String rule, TestDevices kind) {
    Goldens.Golden golden = Goldens.named("threshold_unit");
    Safetensors expected = golden.expected();
    int epochs = (int) expected.metadataFloat("perceptron_epochs");
    int batch = (int) expected.metadataFloat("perceptron." + rule + ".batch");
    float[] x = expected.get("x");
    float[] y = expected.get("y");
    int samples = Goldens.batch(expected);
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      model.reserve(batch);
      Optimizer sgd = Sgd.lr(expected.metadataFloat("perceptron." + rule + ".lr"));
      sgd.attach(device, model.parameterCount());
      for (int epoch = 1; epoch <= epochs; epoch++) {
        for (int from = 0; from < samples; from += batch) {
          model.setInput(x, from * model.inputSize(), batch);
          model.setLabels(y, from * model.labelSize(), batch);
          model.forward(batch, true, 0L);
          model.lossAndGradient(batch);
          model.backward(batch);
          sgd.step(model.parameterBuffer(), model.gradientBuffer());
        }
        for (String name : new String[] {"unit.weight", "unit.bias"}) {
          Tolerance.assertWithin(rule + " rule: " + name + " after epoch " + epoch,
              expected.get("perceptron." + rule + ".epoch" + epoch + "." + name),
              Models.parameterValues(model, name), EXACT);
        }
      }
    }
  }
}
