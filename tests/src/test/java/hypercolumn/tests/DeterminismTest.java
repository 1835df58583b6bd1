package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.runtime.train.Trainer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seed fixes initial weights, dropout masks and so a whole training run, bit for bit, on every
 * device: the CUDA device's sums run in a fixed order too.
 */
class DeterminismTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void sameSeedGivesIdenticalInitialWeightsAndDifferentSeedsDiffer(TestDevices kind) {
    try (Device device = kind.open()) {
      Model a = new DropoutMlpNet(device);
      Model b = new DropoutMlpNet(device);
      a.initialize(42L);
      b.initialize(42L);
      float[] first = Models.all(a, a.parameterBuffer());
      assertArrayEquals(first, Models.all(b, b.parameterBuffer()));
      b.initialize(43L);
      assertFalse(Arrays.equals(first, Models.all(b, b.parameterBuffer())), "seeds 42 and 43 gave the same weights");
      // Weights are drawn, biases zero: an all-zero buffer would also "repeat".
      assertFalse(Arrays.equals(first, new float[first.length]), "initialize left every parameter zero");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void dropoutMasksRepeatUnderTheSameKey(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new DropoutMlpNet(device);
      model.initialize(7L);
      RandomBatch.of(model, 16, 7L).feed(model);
      long key = Rng.key(7L, 1, 0);
      model.forward(16, true, key);
      float[] first = Models.output(model, 16);
      model.forward(16, true, Rng.key(7L, 1, 1));
      float[] other = Models.output(model, 16);
      model.forward(16, true, key);
      assertArrayEquals(first, Models.output(model, 16), "same key, different dropout");
      assertFalse(Arrays.equals(first, other), "different keys gave the same dropout masks");

      model.forward(16, false, key);
      float[] inference = Models.output(model, 16);
      model.forward(16, false, ~key);
      assertArrayEquals(inference, Models.output(model, 16), "inference must ignore the key");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void trainingStepsRepeatBitForBit(TestDevices kind) {
    float[] first = trainByHand(kind, 5L);
    assertArrayEquals(first, trainByHand(kind, 5L), "two runs with seed 5 differ");
    assertFalse(Arrays.equals(first, trainByHand(kind, 6L)), "seeds 5 and 6 trained to the same weights");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void trainerFitsWithTheSameSeedRepeatBitForBit(TestDevices kind) {
    float[] first = fitWithTrainer(kind, 11L);
    assertArrayEquals(first, fitWithTrainer(kind, 11L), "two fits with seed 11 differ");
    assertFalse(Arrays.equals(first, fitWithTrainer(kind, 12L)), "seeds 11 and 12 trained to the same weights");
  }

  /** Three epochs of shuffled mini-batches with dropout; the seed fixes weights, order and masks. */
  private static float[] fitWithTrainer(TestDevices kind, long seed) {
    float[][] x = new float[40][4];
    int[] classes = new int[40];
    java.util.Random random = new java.util.Random(99L); // the same data for every seed
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = (float) random.nextGaussian();
      }
      classes[i] = random.nextInt(3);
    }
    try (Device device = kind.open()) {
      Model model = new DropoutMlpNet(device);
      model.initialize(seed);
      Trainer.of(model).optimizer(Adam.lr(0.01f)).batchSize(8).epochs(3).seed(seed).quiet()
          .fit(Dataset.of(x, classes));
      return Models.all(model, model.parameterBuffer());
    }
  }

  /** Twenty momentum-SGD steps with dropout, every random choice derived from the seed. */
  private static float[] trainByHand(TestDevices kind, long seed) {
    try (Device device = kind.open()) {
      Model model = new DropoutMlpNet(device);
      model.initialize(seed);
      RandomBatch data = RandomBatch.of(model, 8, seed);
      data.feed(model);
      Optimizer optimizer = Sgd.lr(0.1f).momentum(0.9f);
      optimizer.attach(device, model.parameterCount());
      for (int step = 0; step < 20; step++) {
        model.forward(8, true, Rng.key(seed, 1, step));
        model.lossAndGradient(8);
        model.backward(8);
        optimizer.step(model.parameterBuffer(), model.gradientBuffer());
      }
      return Models.all(model, model.parameterBuffer());
    }
  }
}
