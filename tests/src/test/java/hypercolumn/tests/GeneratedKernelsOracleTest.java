package hypercolumn.tests;

import static hypercolumn.Activation.ELU;
import static hypercolumn.Activation.HEAVISIDE;
import static hypercolumn.Activation.IDENTITY;
import static hypercolumn.Activation.LEAKY_RELU;
import static hypercolumn.Activation.RELU;
import static hypercolumn.Activation.SIGMOID;
import static hypercolumn.Activation.SOFTMAX;
import static hypercolumn.Activation.TANH;
import static hypercolumn.Loss.BINARY_CROSS_ENTROPY;
import static hypercolumn.Loss.MEAN_SQUARED_ERROR;
import static hypercolumn.Loss.PERCEPTRON;
import static hypercolumn.Loss.SOFTMAX_CROSS_ENTROPY;
import static hypercolumn.testing.Tolerance.assertWithin;
import static hypercolumn.tests.ReferenceNetwork.dense;
import static hypercolumn.tests.ReferenceNetwork.denseWithoutBias;
import static hypercolumn.tests.ReferenceNetwork.dropout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of generated pointwise kernel, forward and backward, on each device, against
 * {@link ReferenceNetwork}: the same network recomputed here in double from the math. The
 * networks between them hold each activation (identity, Heaviside, sigmoid, tanh, ReLU, leaky
 * ReLU and ELU with default and custom alpha, softmax hidden and folded into the loss), layers
 * with and without bias, and dropout fused into a dense layer, after the input, after a softmax
 * and after another dropout, in training (masks drawn) and in inference (dropout the identity).
 * The parameters are random, biases included, so a kernel that skipped its bias fails.
 *
 * <p>Output, loss and every parameter gradient must lie within 1e-5 of max(1, the largest
 * reference value): float32 sums of a few terms, and CUDA's {@code expf} and {@code tanhf},
 * stay far inside that; a wrong alpha, a missing bias, a derivative of the wrong activation, a
 * mask drawn at the wrong index or a wrong dropout scale is off by 1e-3 or more. Batches of 7
 * and 700 samples: on the CPU device the larger launches are split between threads.
 */
class GeneratedKernelsOracleTest {
  private static final double TOLERANCE = 1e-5;

  record Case(String name, Function<Device, Model> network, ReferenceNetwork reference) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("TanhReluCe", TanhReluCeNet::new, new ReferenceNetwork(SOFTMAX_CROSS_ENTROPY, 4,
            dense("hidden1", 8, TANH, 0), dense("hidden2", 6, RELU, 0),
            dense("logits", 3, IDENTITY, 0))),
        new Case("SigmoidLeakyBce", SigmoidLeakyBceNet::new, new ReferenceNetwork(
            BINARY_CROSS_ENTROPY, 3, dense("hidden1", 5, SIGMOID, 0),
            dense("hidden2", 4, LEAKY_RELU, 0.1), dense("logits", 2, IDENTITY, 0))),
        new Case("EluSoftmaxMse", EluSoftmaxMseNet::new, new ReferenceNetwork(MEAN_SQUARED_ERROR,
            3, dense("hidden1", 6, ELU, 0.7), dense("hidden2", 5, SOFTMAX, 0),
            dense("output", 2, IDENTITY, 0))),
        new Case("NoBiasMse", NoBiasMseNet::new, new ReferenceNetwork(MEAN_SQUARED_ERROR, 4,
            denseWithoutBias("hidden", 5, TANH, 0), dense("output", 3, IDENTITY, 0))),
        new Case("SoftmaxOutputCe", SoftmaxOutputCeNet::new, new ReferenceNetwork(
            SOFTMAX_CROSS_ENTROPY, 4, dense("hidden", 6, TANH, 0),
            dense("probabilities", 3, SOFTMAX, 0))),
        new Case("DefaultAlphas", DefaultAlphasNet::new, new ReferenceNetwork(MEAN_SQUARED_ERROR,
            3, dense("leaky", 5, LEAKY_RELU, 0.01), dense("elu", 4, ELU, 1.0),
            denseWithoutBias("output", 2, SIGMOID, 0))),
        new Case("ThresholdUnit", ThresholdUnitNet::new, new ReferenceNetwork(PERCEPTRON, 3,
            dense("unit", 1, HEAVISIDE, 0))),
        new Case("DropoutMlp", DropoutMlpNet::new, new ReferenceNetwork(SOFTMAX_CROSS_ENTROPY, 4,
            dense("hidden", 8, TANH, 0), dropout(0.5), dense("logits", 3, IDENTITY, 0))),
        new Case("DropoutEverywhere", DropoutEverywhereNet::new, new ReferenceNetwork(
            MEAN_SQUARED_ERROR, 4, dropout(0.2), dense("hidden", 6, RELU, 0), dropout(0.3),
            dense("soft", 5, SOFTMAX, 0), dropout(0.1), dense("out", 2, IDENTITY, 0))),
        new Case("BareDropouts", BareDropoutsNet::new, new ReferenceNetwork(BINARY_CROSS_ENTROPY,
            5, denseWithoutBias("linear", 6, IDENTITY, 0), dropout(0.25), dropout(0.5),
            denseWithoutBias("elu", 4, ELU, 1.0), dropout(0.2), dense("logits", 2, IDENTITY, 0))));
  }

  static Stream<Arguments> casesOnDevices() {
    return cases().flatMap(c -> TestDevices.all().flatMap(
        d -> Stream.of(Arguments.of(c, d, 7), Arguments.of(c, d, 700))));
  }

  @ParameterizedTest(name = "{0} on {1}, batch {2}")
  @MethodSource("casesOnDevices")
  void trainingForwardLossAndGradientsMatchTheReference(Case c, TestDevices kind, int batch) {
    try (Device device = kind.open()) {
      Model model = c.network().apply(device);
      RandomBatch data = RandomBatch.of(model, batch, 31L + batch);
      data.feed(model);
      Map<String, float[]> parameters = setRandomParameters(model, new Random(batch));
      long key = 0xC0FFEEL + batch;
      ReferenceNetwork.Result expected =
          c.reference().run(parameters, data.x(), data.y(), batch, true, key);
      model.forward(batch, true, key);
      assertWithin(c + " training output", expected.output(), Models.output(model, batch),
          TOLERANCE);
      assertWithin(c + " loss", expected.loss(), model.lossAndGradient(batch), TOLERANCE);
      // backward must overwrite every gradient: a stale one would survive as NaN.
      device.fill(model.gradientBuffer(), 0, model.parameterCount(), Float.NaN);
      model.backward(batch);
      assertEquals(names(model), expected.gradients().keySet(), c + ": parameters");
      for (Parameter p : model.parameters()) {
        assertWithin(c + " gradient of " + p.name(), expected.gradients().get(p.name()),
            Models.gradientValues(model, p.name()), TOLERANCE);
      }
    }
  }

  @ParameterizedTest(name = "{0} on {1}, batch {2}")
  @MethodSource("casesOnDevices")
  void inferenceForwardAndLossMatchTheReference(Case c, TestDevices kind, int batch) {
    try (Device device = kind.open()) {
      Model model = c.network().apply(device);
      RandomBatch data = RandomBatch.of(model, batch, 47L + batch);
      data.feed(model);
      Map<String, float[]> parameters = setRandomParameters(model, new Random(batch + 1));
      ReferenceNetwork.Result expected =
          c.reference().run(parameters, data.x(), data.y(), batch, false, 0L);
      model.forward(batch, false, 0x5EEDL);
      assertWithin(c + " inference output", expected.output(), Models.output(model, batch),
          TOLERANCE);
      assertWithin(c + " loss", expected.loss(), model.loss(batch), TOLERANCE);
    }
  }

  /** Random parameters, biases included, set on the model and returned by name. */
  private static Map<String, float[]> setRandomParameters(Model model, Random random) {
    float[] values = DeviceArrays.gaussian(random, model.parameterCount(), 0.7);
    Models.setAll(model, values);
    Map<String, float[]> byName = new HashMap<>();
    for (Parameter p : model.parameters()) {
      float[] slice = Arrays.copyOfRange(values, p.offset(), p.offset() + p.size());
      assertTrue(p.size() > 0, p.name());
      byName.put(p.name(), slice);
    }
    return byName;
  }

  private static Set<String> names(Model model) {
    Set<String> names = new LinkedHashSet<>();
    for (Parameter p : model.parameters()) {
      names.add(p.name());
    }
    return names;
  }
}
