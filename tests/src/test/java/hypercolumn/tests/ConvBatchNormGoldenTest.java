package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.TensorDtype;
import hypercolumn.runtime.io.Weights;
import hypercolumn.runtime.train.Adam;
import hypercolumn.testing.Tolerance;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code @BatchNorm} on images against PyTorch's {@code BatchNorm2d} in {@code
 * conv_batchnorm_relu_ce} (tests/scripts/convolution_fixtures.py, {@code
 * make_conv_batch_norm_golden}): statistics per channel over the batch and the cells, the
 * annotation's momentum and eps, running statistics and an I64 {@code num_batches_tracked} in
 * the state dict, a ReLU activation layer and a max pooling after it. Every expected value is
 * PyTorch's. Tolerance 1e-5 of the largest magnitude: the statistics are sums in another order.
 */
class ConvBatchNormGoldenTest {
  private static final String NAME = "conv_batchnorm_relu_ce";
  private static final double TOLERANCE = 1e-5;

  static Model loaded(Device device) {
    Model model = new ConvBatchNormReluNet(device);
    try {
      Weights.load(model, Path.of(Safetensors.fixtureUrl(NAME + ".params.safetensors").toURI()));
    } catch (java.io.IOException | URISyntaxException e) {
      throw new AssertionError("loading the state dict failed", e);
    }
    return model;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void trainingForwardLossAndEveryGradientMatchPyTorch(TestDevices kind) {
    Safetensors expected = Safetensors.fixture(NAME + ".expected.safetensors");
    try (Device device = kind.open()) {
      Model model = loaded(device);
      int batch = Goldens.feed(model, expected);
      model.forward(batch, true, 0L);
      Tolerance.assertWithin("training output", expected.get("out"), Models.output(model, batch), TOLERANCE);
      float loss = model.lossAndGradient(batch);
      Tolerance.assertWithin("loss", expected.get("loss"), new float[] {loss}, TOLERANCE);
      device.fill(model.gradientBuffer(), 0, model.parameterCount(), Float.NaN);
      model.backward(batch);
      int checked = 0;
      for (Parameter p : model.parameters()) {
        if (p.trainable()) {
          Tolerance.assertWithin("gradient of " + p.name(), expected.get("grad." + p.name()),
              Models.gradientValues(model, p.name()), TOLERANCE);
          checked++;
        }
      }
      assertEquals(5, checked, "trainable tensors: conv.weight, bn.weight, bn.bias, logits.weight, logits.bias");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void runningStatisticsAndParametersAfterAdamStepsMatchPyTorch(TestDevices kind) {
    Safetensors expected = Safetensors.fixture(NAME + ".expected.safetensors");
    try (Device device = kind.open()) {
      Model model = loaded(device);
      int batch = Goldens.feed(model, expected);
      int steps = Goldens.adamSteps(device, model, batch, expected);
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(p.name() + " after " + steps + " Adam steps", expected.get("after.adam." + p.name()),
            Models.parameterValues(model, p.name()), TOLERANCE);
      }
      assertEquals(TensorDtype.I64, Models.parameter(model, "bn.num_batches_tracked").dtype());
      assertEquals(expected.get("after.adam.bn.num_batches_tracked")[0],
          Models.parameterValues(model, "bn.num_batches_tracked")[0], "num_batches_tracked");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void aStateDictPredictsAsPyTorchInEvaluationModeAndKeepsItsState(TestDevices kind) {
    Safetensors expected = Safetensors.fixture(NAME + ".expected.safetensors");
    try (Device device = kind.open()) {
      Model model = loaded(device);
      int batch = Goldens.feed(model, expected);
      float[] runningMean = Models.parameterValues(model, "bn.running_mean");
      float[] runningVar = Models.parameterValues(model, "bn.running_var");
      model.forward(batch, false, 0L);
      Tolerance.assertWithin("evaluation output", expected.get("eval.out"), Models.output(model, batch), TOLERANCE);
      assertEquals(2f, Models.parameterValues(model, "bn.num_batches_tracked")[0], "num_batches_tracked");
      assertArrayEquals(runningMean, Models.parameterValues(model, "bn.running_mean"), "running_mean after evaluation");
      assertArrayEquals(runningVar, Models.parameterValues(model, "bn.running_var"), "running_var after evaluation");
    }
  }
}
