package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.testing.Tolerance;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Back-propagated gradients against central finite differences of the loss, for every
 * activation, loss, a bias-free layer, dropout, batch norm, activation layers, convolutions and
 * poolings (max, average, global average).
 *
 * <p>Each derivative is a Richardson extrapolation of two central differences, {@code (4 D(h/2)
 * - D(h)) / 3} with {@code h = 2^-7}: its truncation error is O(h^4), negligible here, so what is
 * left is float32 rounding of the loss. A loss near 1 carries a rounding error of a few 1e-7,
 * which divided by the steps (about 0.008 and 0.016) and weighted by Richardson's 4/3 gives
 * about 1e-4 on a derivative at worst. Hence a tolerance of 5e-4 of the largest derivative (at
 * least 1). A wrong derivative (a missing factor, a transposed index, a skipped bias) is off by
 * far more than that. A ReLU-like kink inside a step would break the finite difference: the
 * fixture script rejects seeds whose ReLU pre-activations come within 0.05 of zero, and {@link
 * #setParametersAwayFromKinks} does the same for the network initialized here.
 */
class GradientCheckTest {
  private static final double STEP = 0x1.0p-7;
  private static final double TOLERANCE = 5e-4;

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void tanhReluAndSoftmaxCrossEntropy(TestDevices kind) {
    checkGolden("tanh_relu_ce", kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void sigmoidLeakyReluAndBinaryCrossEntropy(TestDevices kind) {
    checkGolden("sigmoid_leaky_bce", kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void eluHiddenSoftmaxIdentityAndMeanSquaredError(TestDevices kind) {
    checkGolden("elu_softmax_mse", kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void layerWithoutBias(TestDevices kind) {
    checkGolden("no_bias_mse", kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void softmaxOutputFoldedIntoCrossEntropy(TestDevices kind) {
    checkGolden("softmax_output_ce", kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void defaultAlphasAndBiasFreeSigmoidOutput(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new DefaultAlphasNet(device);
      RandomBatch data = RandomBatch.of(model, 5, 3L);
      data.feed(model);
      setParametersAwayFromKinks(model, data, "leaky");
      check(model, data.batch(), 0L);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void dropoutWithAFixedKeyIsDifferentiable(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new DropoutMlpNet(device);
      model.initialize(4L);
      RandomBatch data = RandomBatch.of(model, 6, 4L);
      data.feed(model);
      long key = 0x5EEDL;
      model.forward(data.batch(), false, key);
      float[] inference = Models.output(model, data.batch());
      model.forward(data.batch(), true, key);
      float[] training = Models.output(model, data.batch());
      // Otherwise the check below would not exercise dropout at all.
      assertTrue(largestDifference(inference, training) > 1e-3, "dropout changed nothing while training");
      check(model, data.batch(), key);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void batchNormWithAndWithoutAffineParametersAndOnTheInput(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new BatchNormVariantsNet(device);
      model.initialize(6L);
      RandomBatch data = RandomBatch.of(model, 7, 6L);
      data.feed(model);
      check(model, data.batch(), 0L);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void batchNormOnImagesWithAndWithoutAffineParametersAndOnTheInput(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new ConvBatchNormVariantsNet(device);
      model.initialize(10L);
      RandomBatch data = RandomBatch.of(model, 3, 10L);
      data.feed(model);
      check(model, data.batch(), 0L);
    }
  }

  /** An image has more than one value per channel, so a batch of one trains, as in PyTorch. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void batchNormOnImagesTrainsOnABatchOfOne(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new ConvBatchNormVariantsNet(device);
      model.initialize(11L);
      RandomBatch data = RandomBatch.of(model, 1, 11L);
      data.feed(model);
      check(model, data.batch(), 0L);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void convolutionsMaxAverageAndGlobalPooling(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new ConvSmoothNet(device);
      model.initialize(8L);
      RandomBatch data = RandomBatch.of(model, 3, 8L);
      data.feed(model);
      check(model, data.batch(), 0L);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void convolutionWithoutBiasFlattenedIntoDenseLayers(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new ConvFlatDenseNet(device);
      model.initialize(9L);
      RandomBatch data = RandomBatch.of(model, 4, 9L);
      data.feed(model);
      check(model, data.batch(), 0L);
    }
  }

  private static void checkGolden(String name, TestDevices kind) {
    Goldens.Golden golden = Goldens.named(name);
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      int batch = Goldens.feed(model, golden.expected());
      check(model, batch, 0L);
    }
  }

  /**
   * Sets random parameters (and nonzero biases) such that every pre-activation of the first
   * layer, a leaky ReLU, is at least 0.05 from its kink, farther than any finite-difference step
   * moves it. Computed here rather than left to a lucky seed, so it holds whatever {@link
   * Model#initialize} draws.
   */
  private static void setParametersAwayFromKinks(Model model, RandomBatch data, String firstLayer) {
    Parameter weight = Models.parameter(model, firstLayer + ".weight");
    Parameter bias = Models.parameter(model, firstLayer + ".bias");
    int units = weight.shape()[0];
    int inputs = weight.shape()[1];
    for (long seed = 1; seed < 1000; seed++) {
      Random random = new Random(seed);
      float[] values = new float[model.parameterCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (0.7 * random.nextGaussian());
      }
      double margin = Double.POSITIVE_INFINITY;
      for (int sample = 0; sample < data.batch(); sample++) {
        for (int unit = 0; unit < units; unit++) {
          double z = values[bias.offset() + unit];
          for (int i = 0; i < inputs; i++) {
            z += (double) values[weight.offset() + unit * inputs + i] * data.x()[sample * inputs + i];
          }
          margin = Math.min(margin, Math.abs(z));
        }
      }
      if (margin >= 0.05) {
        Models.setAll(model, values);
        return;
      }
    }
    throw new AssertionError("no seed below 1000 keeps " + firstLayer + " away from its kink");
  }

  /** Compares backward's gradient with finite differences, the input and labels already set. */
  static void check(Model model, int batch, long rngKey) {
    model.forward(batch, true, rngKey);
    model.lossAndGradient(batch);
    model.backward(batch);
    float[] analytic = Models.all(model, model.gradientBuffer());
    float[] parameters = Models.all(model, model.parameterBuffer());

    double[] numeric = new double[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      double coarse = centralDifference(model, parameters, i, STEP, batch, rngKey);
      double fine = centralDifference(model, parameters, i, STEP / 2, batch, rngKey);
      numeric[i] = (4 * fine - coarse) / 3;
    }
    Tolerance.assertWithin(model.name() + ": backward against finite differences (parameters "
        + layout(model) + ")", numeric, analytic, TOLERANCE);
  }

  /** Largest absolute difference; NaN when either holds NaN, which fails any comparison. */
  private static double largestDifference(float[] a, float[] b) {
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      largest = Math.max(largest, Math.abs((double) a[i] - b[i]));
    }
    return largest;
  }

  private static double centralDifference(Model model, float[] parameters, int i, double h, int batch, long key) {
    float original = parameters[i];
    float up = (float) (original + h);
    float down = (float) (original - h);
    double lossUp = lossWith(model, i, up, batch, key);
    double lossDown = lossWith(model, i, down, batch, key);
    set(model, i, original);
    return (lossUp - lossDown) / ((double) up - down);
  }

  private static double lossWith(Model model, int i, float value, int batch, long key) {
    set(model, i, value);
    model.forward(batch, true, key);
    return model.loss(batch);
  }

  private static void set(Model model, int i, float value) {
    model.device().upload(new float[] {value}, 0, model.parameterBuffer(), i, 1);
  }

  /** Where each parameter starts in the flat buffer, to name the worst index of a failure. */
  private static String layout(Model model) {
    StringBuilder out = new StringBuilder();
    for (Parameter p : model.parameters()) {
      out.append(out.length() == 0 ? "" : ", ").append(p.name()).append(" from [").append(p.offset()).append("]");
    }
    return out.toString();
  }
}
