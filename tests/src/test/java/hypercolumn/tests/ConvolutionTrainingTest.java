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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trainer on a convolutional network, on every device: on the CUDA device each step is a
 * repeated step (a CUDA graph), so the convolutions of both batch sizes (10 samples in batches of
 * 4: 4 and 2) must be prepared before it; the CPU's run is the reference, as both devices draw the
 * same initial weights.
 */
class ConvolutionTrainingTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void trainerLearnsAConvolutionalNetworkWithAPartialLastBatch(TestDevices kind) {
    double[] reference = losses(TestDevices.CPU);
    double[] losses = kind == TestDevices.CPU ? reference : losses(kind);
    Tolerance.assertWithin("epoch losses on " + kind + " against the CPU", reference, losses, 1e-4);
    assertTrue(losses[losses.length - 1] < 0.8 * losses[0],
        "the loss should fall over the epochs: " + java.util.Arrays.toString(losses));
  }

  private static double[] losses(TestDevices kind) {
    int n = 10;
    float[] x = new float[n * 128];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * Rng.uniform(31, i) - 1;
    }
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
    }
    try (Device device = kind.open()) {
      Model model = new ConvSameMaxCeNet(device);
      model.initialize(5L);
      History history = Trainer.of(model).optimizer(Adam.lr(0.01f)).batchSize(4).epochs(12).seed(2).quiet()
          .fit(Dataset.of(x, new int[] {2, 8, 8}, y, 1));
      return history.loss();
    }
  }
}
