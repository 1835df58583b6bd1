package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.runtime.train.Trainer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A seed fixes initial weights, dropout masks and so a whole training run, bit for bit. */
class DeterminismTest {

  @Test
  void sameSeedGivesIdenticalInitialWeightsAndDifferentSeedsDiffer() {
    try (CpuDevice device = new CpuDevice(1)) {
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

  @Test
  void dropoutMasksRepeatUnderTheSameKey() {
    try (CpuDevice device = new CpuDevice(2)) {
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

  @Test
  void trainingStepsRepeatBitForBit() {
    float[] first = trainByHand(5L);
    assertArrayEquals(first, trainByHand(5L), "two runs with seed 5 differ");
    assertFalse(Arrays.equals(first, trainByHand(6L)), "seeds 5 and 6 trained to the same weights");
  }

  @Test
  void trainerFitsWithTheSameSeedRepeatBitForBit() {
    float[] first = fitWithTrainer(11L);
    assertArrayEquals(first, fitWithTrainer(11L), "two fits with seed 11 differ");
    assertFalse(Arrays.equals(first, fitWithTrainer(12L)), "seeds 11 and 12 trained to the same weights");
  }

  /** Three epochs of shuffled mini-batches with dropout; the seed fixes weights, order and masks. */
  private static float[] fitWithTrainer(long seed) {
    float[][] x = new float[40][4];
    int[] classes = new int[40];
    java.util.Random random = new java.util.Random(99L); // the same data for every seed
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = (float) random.nextGaussian();
      }
      classes[i] = random.nextInt(3);
    }
    try (CpuDevice device = new CpuDevice(2)) {
      Model model = new DropoutMlpNet(device);
      model.initialize(seed);
      Trainer.of(model).optimizer(Adam.lr(0.01f)).batchSize(8).epochs(3).seed(seed).quiet()
          .fit(Dataset.of(x, classes));
      return Models.all(model, model.parameterBuffer());
    }
  }

  /** Twenty momentum-SGD steps with dropout, every random choice derived from the seed. */
  private static float[] trainByHand(long seed) {
    try (CpuDevice device = new CpuDevice(2)) {
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
