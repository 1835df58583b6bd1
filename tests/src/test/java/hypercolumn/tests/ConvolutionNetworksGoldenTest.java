package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.train.Adam;
import hypercolumn.testing.Tolerance;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolutional networks against PyTorch (tests/scripts/convolution_fixtures.py) on every
 * test device: PyTorch's parameter names and layouts load directly, and forward (training and
 * evaluation), loss, every gradient and three Adam steps agree within {@code 1e-5 * max(1,
 * max|reference|)}; the convolutions sum in another order than PyTorch's.
 */
class ConvolutionNetworksGoldenTest {
  private static final double TOLERANCE = 1e-5;

  static Stream<Goldens.Golden> networks() {
    return Stream.of(
        new Goldens.Golden("conv_same_max_ce", ConvSameMaxCeNet::new),
        new Goldens.Golden("conv_valid_avg_mse", ConvValidAvgMseNet::new));
  }

  static Stream<Arguments> cases() {
    return networks().flatMap(golden -> TestDevices.all().map(device -> Arguments.of(golden, device)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void forwardLossAndEveryGradientMatchPyTorch(Goldens.Golden golden, TestDevices kind) {
    Safetensors expected = golden.expected();
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      int batch = Goldens.feed(model, expected);
      assertArrayEquals(new int[] {expected.shape("out")[1]}, model.outputShape(), "output shape");
      model.forward(batch, true, 0L);
      Tolerance.assertWithin(golden + " forward output", expected.get("out"), Models.output(model, batch), TOLERANCE);
      float loss = model.lossAndGradient(batch);
      Tolerance.assertWithin(golden + " loss", expected.get("loss"), new float[] {loss}, TOLERANCE);
      // backward must overwrite every gradient: stale values would survive as NaN.
      device.fill(model.gradientBuffer(), 0, model.parameterCount(), Float.NaN);
      model.backward(batch);
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(golden + " gradient of " + p.name(), expected.get("grad." + p.name()),
            Models.gradientValues(model, p.name()), TOLERANCE);
      }
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void evaluationForwardAndLossMatchPyTorch(Goldens.Golden golden, TestDevices kind) {
    Safetensors expected = golden.expected();
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      int batch = Goldens.feed(model, expected);
      model.forward(batch, false, 0L);
      Tolerance.assertWithin(golden + " inference output", expected.get("out"), Models.output(model, batch), TOLERANCE);
      Tolerance.assertWithin(golden + " loss", expected.get("loss"), new float[] {model.loss(batch)}, TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void parametersAfterAdamStepsMatchPyTorch(Goldens.Golden golden, TestDevices kind) {
    Safetensors expected = golden.expected();
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      int batch = Goldens.feed(model, expected);
      int steps = Goldens.adamSteps(device, model, batch, expected);
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(golden + " " + p.name() + " after " + steps + " Adam steps",
            expected.get("after.adam." + p.name()), Models.parameterValues(model, p.name()), TOLERANCE);
      }
    }
  }
}
