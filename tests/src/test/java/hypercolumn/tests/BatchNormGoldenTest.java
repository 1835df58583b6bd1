package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code @BatchNorm} against PyTorch's {@code BatchNorm1d} in {@code dense_batchnorm_relu_ce}
 * (tests/scripts/make_torch_fixtures.py, {@code make_batch_norm_golden}): the parameters come
 * from a state dict written by {@code safetensors.torch.save_file}, with running statistics and
 * an I64 {@code num_batches_tracked}, and every expected value is PyTorch's. Tolerance 1e-5 of
 * the largest magnitude: the batch statistics are sums over the batch in another order.
 */
class BatchNormGoldenTest {
  private static final String NAME = "dense_batchnorm_relu_ce";
  private static final double TOLERANCE = 1e-5;

  static Model loaded(Device device) {
    Model model = new DenseBatchNormReluNet(device);
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
      for (Parameter p : model.parameters()) {
        if (p.trainable()) {
          Tolerance.assertWithin("gradient of " + p.name(), expected.get("grad." + p.name()),
              Models.gradientValues(model, p.name()), TOLERANCE);
        }
      }
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
  void aSavedPyTorchStateDictPredictsAsPyTorchInEvaluationMode(TestDevices kind) {
    Safetensors expected = Safetensors.fixture(NAME + ".expected.safetensors");
    try (Device device = kind.open()) {
      Model model = loaded(device);
      int batch = Goldens.feed(model, expected);
      float[] runningMean = Models.parameterValues(model, "bn.running_mean");
      model.forward(batch, false, 0L);
      Tolerance.assertWithin("evaluation output", expected.get("eval.out"), Models.output(model, batch), TOLERANCE);
      // Evaluation leaves the state as loaded.
      assertEquals(2f, Models.parameterValues(model, "bn.num_batches_tracked")[0], "num_batches_tracked");
      org.junit.jupiter.api.Assertions.assertArrayEquals(runningMean, Models.parameterValues(model, "bn.running_mean"),
          "running_mean after evaluation");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void aTrainingBatchOfOneIsRefusedAsPyTorchRefusesIt(TestDevices kind) {
    Safetensors expected = Safetensors.fixture(NAME + ".expected.safetensors");
    try (Device device = kind.open()) {
      Model model = loaded(device);
      model.reserve(1);
      model.setInput(expected.get("x"), 0, 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(1, true, 0L));
      assertTrue(e.getMessage().contains("Expected more than 1 value per channel when training"), e.getMessage());
      assertTrue(e.getMessage().contains("'bn'"), e.getMessage());
      model.forward(1, false, 0L);
      float[] first = new float[3];
      System.arraycopy(expected.get("eval.out"), 0, first, 0, 3);
      Tolerance.assertWithin("evaluation output of one sample", first, Models.output(model, 1), TOLERANCE);
    }
  }
}
