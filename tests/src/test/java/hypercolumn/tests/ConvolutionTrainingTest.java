package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Trainer;
import hypercolumn.testing.Tolerance;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trainer on a convolutional network, on every device: on the CUDA device each step is a
 * repeated step (a CUDA graph), so the convolutions of both batch sizes (10 samples in batches of
 * 4: 4 and 2) must be prepared before it; the CPU's run is the reference, as both devices draw the
 * same initial weights. With a batch norm on images, each batch size has its own statistics'
 * scalars ({@code 1 / batch}) in the repeated step, and the running statistics move every step.
 */
class ConvolutionTrainingTest {
  private static final int[] CONV_SAME_MAX_CE = {2, 8, 8};
  private static final int[] CONV_BATCH_NORM_RELU = {2, 6, 6};

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void trainerLearnsAConvolutionalNetworkWithAPartialLastBatch(TestDevices kind) {
    assertLearnsAsOnTheCpu(kind, ConvSameMaxCeNet::new, CONV_SAME_MAX_CE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void trainerLearnsAConvolutionalNetworkWithBatchNormWithAPartialLastBatch(TestDevices kind) {
    assertLearnsAsOnTheCpu(kind, ConvBatchNormReluNet::new, CONV_BATCH_NORM_RELU);
  }

  private static void assertLearnsAsOnTheCpu(TestDevices kind, Function<Device, Model> network, int[] shape) {
    double[] reference = losses(TestDevices.CPU, network, shape);
    double[] losses = kind == TestDevices.CPU ? reference : losses(kind, network, shape);
    Tolerance.assertWithin("epoch losses on " + kind + " against the CPU", reference, losses, 1e-4);
    assertTrue(losses[losses.length - 1] < 0.8 * losses[0],
        "the loss should fall over the epochs: " + java.util.Arrays.toString(losses));
  }

  private static double[] losses(TestDevices kind, Function<Device, Model> network, int[] shape) {
    int n = 10;
    float[] x = new float[n * shape[0] * shape[1] * shape[2]];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * Rng.uniform(31, i) - 1;
    }
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
    }
    try (Device device = kind.open()) {
      Model model = network.apply(device);
      model.initialize(5L);
      History history = Trainer.of(model).optimizer(Adam.lr(0.01f)).batchSize(4).epochs(12).seed(2).quiet()
          .fit(Dataset.of(x, shape, y, 1));
      return history.loss();
    }
  }
}
