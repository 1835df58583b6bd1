package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * State tensors stay out of training: {@link LinearModel#withRunningStatistics} puts batch
 * norm's running mean, variance and count after its parameters and leaves ones in their
 * gradient slots, so an optimizer pass or a penalty that reached them would move them. Oracle:
 * their initial values (0, 1) and the number of training forwards, counted here.
 */
class StateTensorTest {
  private static Dataset data(int n, int features, int classes) {
    float[] x = new float[n * features];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * Rng.uniform(4, i) - 1;
    }
    for (int i = 0; i < n; i++) {
      y[i] = i % classes;
    }
    return Dataset.of(x, new int[] {features}, y, 1);
  }

  @Test
  void stateIsNeitherUpdatedNorPenalizedByAnyOptimizer() {
    Optimizer[] optimizers = {Sgd.lr(0.1f), Sgd.lr(0.1f).momentum(0.9f), RmsProp.lr(0.01f), Adam.lr(0.05f)};
    for (Optimizer optimizer : optimizers) {
      try (Device device = new CpuDevice(1)) {
        LinearModel model = LinearModel.withRunningStatistics("Norm", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
        model.initialize(2);
        float[] before = values(model);
        Trainer.of(model).optimizer(optimizer).regularization(Regularization.l1l2(0.01f, 0.01f))
            .batchSize(4).epochs(3).quiet().fit(data(16, 3, 2));
        float[] after = values(model);
        String what = optimizer.describe();
        assertFalse(Arrays.equals(Arrays.copyOf(before, 8), Arrays.copyOf(after, 8)), what + ": fc did not train");
        assertEquals(Arrays.toString(new float[] {0, 0, 1, 1}), Arrays.toString(Arrays.copyOfRange(after, 8, 12)),
            what + ": running mean and variance");
        assertEquals(12f, after[12], what + ": num_batches_tracked counts the 12 training batches");
      }
    }
  }

  /** fc: 2 * 3 + 2 trainable; norm: 2 + 2 + 1 state. */
  @Test
  void summaryCountsStateAndFrozenLayersAsNonTrainable() {
    try (Device device = new CpuDevice(1)) {
      LinearModel model = LinearModel.withRunningStatistics("Norm", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
      assertEquals(13, model.parameterCount());
      assertEquals(8, model.trainableCount(), "the optimizer's range ends before the state");
      Trainer trainer = Trainer.of(model);
      assertTrue(trainer.summary().endsWith("\nTrainable params: 8\nNon-trainable params: 5\n"), trainer.summary());
      trainer.freeze("fc");
      assertTrue(trainer.summary().endsWith("\nTrainable params: 0\nNon-trainable params: 13\n"), trainer.summary());
    }
  }

  /** With every layer frozen a fit runs (losses, no update) and changes no parameter. */
  @Test
  void everyLayerFrozenChangesNoParameter() {
    try (Device device = new CpuDevice(1)) {
      LinearModel model = LinearModel.withRunningStatistics("Norm", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
      model.initialize(3);
      float[] before = values(model);
      History history = Trainer.of(model).optimizer(Adam.lr(0.1f)).freeze("fc", "norm").batchSize(8)
          .epochs(2).quiet().fit(data(16, 3, 2));
      float[] after = values(model);
      assertEquals(Arrays.toString(Arrays.copyOf(before, 12)), Arrays.toString(Arrays.copyOf(after, 12)));
      assertEquals(history.loss()[0], history.loss()[1], "same weights, same loss");
    }
  }

  private static float[] values(LinearModel model) {
    float[] values = new float[model.parameterCount()];
    model.device().download(model.parameterBuffer(), 0, values, 0, values.length);
    return values;
  }
}
