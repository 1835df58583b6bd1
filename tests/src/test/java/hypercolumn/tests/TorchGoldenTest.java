package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.Device;
import hypercolumn.testing.Tolerance;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward output, loss and every gradient of the generated networks against PyTorch's for the
 * same parameters and batch. Both sides compute in float32, so they agree to a few ulps of the
 * largest intermediate; 1e-6 of the largest magnitude of PyTorch's values (at least 1) leaves
 * room for a different summation order and nothing more.
 */
class TorchGoldenTest {
  private static final double TOLERANCE = 1e-6;

  static Stream<Arguments> goldens() {
    return Goldens.all().flatMap(golden -> TestDevices.all().map(device -> Arguments.of(golden, device)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("goldens")
  void forwardLossAndGradientsMatchPyTorch(Goldens.Golden golden, TestDevices kind) {
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
        Tolerance.assertWithin(
            golden + " gradient of " + p.name(), expected.get("grad." + p.name()),
            Models.gradientValues(model, p.name()), TOLERANCE);
      }
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("goldens")
  void lossWithoutGradientMatchesPyTorch(Goldens.Golden golden, TestDevices kind) {
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
}
