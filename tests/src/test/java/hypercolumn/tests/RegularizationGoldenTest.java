package hypercolumn.tests;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Regularization;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.runtime.train.Trainer;
import hypercolumn.testing.Tolerance;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * L1 and L2 penalties against PyTorch. The product's {@link Regularization} is Keras's: the loss
 * gains {@code l1 * sum|w| + l2 * sum w^2} over the weights, not the biases (not {@code l2 / 2},
 * and not torch.optim's {@code weight_decay}). The fixture adds exactly that to the loss and lets
 * autograd differentiate it, so a weight's gradient gains {@code l1 * sign(w) + 2 * l2 * w} and
 * a bias's nothing; it records the penalized loss before each of a few SGD steps, the gradients
 * at the initial parameters and the parameters after the steps.
 */
class RegularizationGoldenTest {
  /** float32 on both sides from the same floats: a few ulps of the largest value. */
  private static final double TOLERANCE = 1e-5;

  static Stream<Arguments> penalties() {
    return Stream.of(
            Arguments.of("tanh_relu_ce", "l1"),
            Arguments.of("tanh_relu_ce", "l2"),
            Arguments.of("tanh_relu_ce", "l1l2"),
            Arguments.of("no_bias_mse", "l1l2"))
        .flatMap(c -> TestDevices.all().map(d -> Arguments.of(c.get()[0], c.get()[1], d)));
  }

  @ParameterizedTest(name = "{1} on {0}, {2}")
  @MethodSource("penalties")
  void penalizedLossAndGradientsMatchPyTorch(String network, String penalty, TestDevices kind) {
    Goldens.Golden golden = Goldens.named(network);
    Safetensors expected = golden.expected();
    Regularization regularization = regularization(expected, penalty);
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      int batch = Goldens.feed(model, expected);
      model.forward(batch, true, 0L);
      double loss = model.lossAndGradient(batch);
      model.backward(batch);
      for (Parameter p : model.parameters()) {
        if (p.regularized()) {
          loss += device.regularize(model.parameterBuffer(), model.gradientBuffer(), p.offset(),
              p.size(), regularization.l1(), regularization.l2());
        }
      }
      String what = network + " with " + regularization;
      Tolerance.assertWithin(what + ": penalized loss", expected.get("penalty." + penalty + ".loss")[0], loss, TOLERANCE);
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(what + ": gradient of " + p.name(),
            expected.get("penalty." + penalty + ".grad." + p.name()), Models.gradientValues(model, p.name()),
            TOLERANCE);
      }
    }
  }

  /**
   * {@link Trainer} with the penalty, one full batch an epoch, so each
   * epoch's loss is the penalized loss before that epoch's step.
   */
  @ParameterizedTest(name = "{1} on {0}, {2}")
  @MethodSource("penalties")
  void trainerWithPenaltyMatchesPyTorchStepByStep(String network, String penalty, TestDevices kind) {
    Goldens.Golden golden = Goldens.named(network);
    Safetensors expected = golden.expected();
    Regularization regularization = regularization(expected, penalty);
    int steps = (int) expected.metadataFloat("penalty_steps");
    int batch = Goldens.batch(expected);
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      Dataset data = Dataset.of(expected.get("x"), model.inputShape(), expected.get("y"), model.labelSize());
      History history = Trainer.of(model)
          .optimizer(Sgd.lr(expected.metadataFloat("penalty.lr")))
          .batchSize(batch).epochs(steps).regularization(regularization).quiet().fit(data);
      String what = network + " trained with " + regularization;
      Tolerance.assertWithin(what + ": loss of each epoch",
          toDouble(expected.get("penalty." + penalty + ".loss")), history.loss(), TOLERANCE);
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(what + ": " + p.name() + " after " + steps + " steps",
            expected.get("penalty." + penalty + ".after." + p.name()), Models.parameterValues(model, p.name()),
            TOLERANCE);
      }
    }
  }

  private static Regularization regularization(Safetensors expected, String penalty) {
    return Regularization.l1l2(
        expected.metadataFloat("penalty." + penalty + ".l1"), expected.metadataFloat("penalty." + penalty + ".l2"));
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
