package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.Loss;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.testing.Tolerance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  /** Records the learning rate each epoch trained at (read when the epoch ends). */
  private static final class RateRecorder implements Callback {
    final List<Float> rates = new ArrayList<>();

    @Override
    public boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
      rates.add(context.optimizer().learningRate());
      return false;
    }
  }

  private static float[] ratesOf(LearningRateSchedule schedule, int epochs, Optimizer optimizer) {
    Model model = new LinearModel("line", new CpuDevice(1), Loss.MEAN_SQUARED_ERROR, 1, 1);
    Dataset points = Dataset.of(new float[][] {{1}, {3}}, new float[][] {{2}, {4}});
    RateRecorder recorder = new RateRecorder();
    // The recorder runs first, so it sees the rate the epoch trained at.
    Trainer.of(model).optimizer(optimizer).epochs(epochs).batchSize(2).callbacks(recorder, schedule)
        .quiet().fit(points);
    float[] rates = new float[recorder.rates.size()];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = recorder.rates.get(i);
    }
    return rates;
  }

  @Test
  void cosineAnnealsFromTheBaseRateTowardsZeroAsPyTorchDoes() {
    // torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4) stepped once per epoch.
    float[] expected = {0.1f, 0.085355339f, 0.05f, 0.014644661f};
    Tolerance.assertWithin("cosine rates", expected, ratesOf(LearningRateSchedule.cosine(), 4, Sgd.lr(0.1f)), 1e-7);
  }

  @Test
  void stepDecayMultipliesEveryFewEpochs() {
    float[] expected = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f};
    Tolerance.assertWithin("step rates", expected, ratesOf(LearningRateSchedule.step(2, 0.5f), 5, Sgd.lr(0.1f)), 1e-7);
  }

  @Test
  void exponentialDecayMultipliesEveryEpoch() {
    float[] expected = {0.2f, 0.18f, 0.162f};
    Tolerance.assertWithin("exponential rates", expected, ratesOf(LearningRateSchedule.exponential(0.9f), 3, Sgd.lr(0.2f)), 1e-7);
  }

  @Test
  void theBaseRateIsPutBackWhenTheFitEnds() {
    Optimizer optimizer = Adam.lr(0.01f);
    ratesOf(LearningRateSchedule.cosine(), 3, optimizer);
    assertEquals(0.01f, optimizer.learningRate());
  }

  @Test
  void badFactorsAreRejectedWithWhatWasFound() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(1.5f));
    assertEquals("Expected gamma in (0, 1], found 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5f));
    assertEquals("Expected a step of at least 1 epoch, found 0", e.getMessage());
  }
}
