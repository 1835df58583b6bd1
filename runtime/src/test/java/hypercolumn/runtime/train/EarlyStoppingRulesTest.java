package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.cpu.CpuDevice;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Early stopping and the history it reads, driven epoch by epoch with hand-made epoch results:
 * Keras's rules (an improvement is more than {@code minDelta} in the metric's direction; stop
 * after {@code patience} epochs without one; put back the best epoch's weights) and the
 * history's best epoch (ties keep the first, unmeasured epochs are skipped). The expected epochs
 * and messages follow from those rules by hand.
 */
class EarlyStoppingRulesTest {
  private final CpuDevice device = new CpuDevice(1);
  private final LinearModel model = new LinearModel("Line", device, Loss.MEAN_SQUARED_ERROR, 1, 1);

  @AfterEach
  void close() {
    device.close();
  }

  private TrainingContext context(boolean validation) {
    return new TrainingContext(model, Sgd.lr(0.1f), 10, validation, new History());
  }

  private static EpochResult epoch(int n, double loss, double accuracy, double validationLoss) {
    return new EpochResult(n, loss, accuracy, validationLoss, Double.NaN, 1, 1);
  }

  private void setWeights(float w, float b) {
    device.upload(new float[] {w, b}, 0, model.parameterBuffer(), 0, 2);
  }

  private float[] weights() {
    return TrainerTest.weights(model);
  }

  @Test
  void settingsAreCheckedAndChained() {
    assertThrows(IllegalArgumentException.class, () -> EarlyStopping.patience(0));
    EarlyStopping stopping = EarlyStopping.patience(1);
    assertSame(stopping, stopping.minDelta(0));
    assertSame(stopping, stopping.restoreBestWeights(false));
    assertSame(stopping, stopping.monitor(Metric.LOSS));
    for (double bad : new double[] {-0.5, Double.NaN}) {
      assertThrows(IllegalArgumentException.class, () -> EarlyStopping.patience(1).minDelta(bad));
    }
  }

  @Test
  void withValidationDataTheValidationLossIsWatchedAndWithoutItTheTrainingLoss() {
    // The training loss keeps falling while the validation loss rises after epoch 1.
    EarlyStopping withValidation = EarlyStopping.patience(1).restoreBestWeights(false);
    TrainingContext validated = context(true);
    withValidation.onTrainBegin(validated);
    assertFalse(withValidation.onEpochEnd(validated, epoch(1, 1.0, Double.NaN, 1.0)));
    assertTrue(withValidation.onEpochEnd(validated, epoch(2, 0.5, Double.NaN, 2.0)));
    assertEquals("early stopping at epoch 2: val_loss did not improve for 1 epoch; best 1.0000 at epoch 1",
        withValidation.stopMessage());

    EarlyStopping without = EarlyStopping.patience(1).restoreBestWeights(false);
    TrainingContext plain = context(false);
    without.onTrainBegin(plain);
    assertFalse(without.onEpochEnd(plain, epoch(1, 1.0, Double.NaN, Double.NaN)));
    assertFalse(without.onEpochEnd(plain, epoch(2, 0.5, Double.NaN, Double.NaN)));
    assertEquals(2, without.bestEpoch());
  }

  @Test
  void aValidationMetricWithoutValidationDataIsRefusedWithTheMatchingTrainingMetric() {
    IllegalArgumentException accuracy = assertThrows(IllegalArgumentException.class,
        () -> EarlyStopping.patience(1).monitor(Metric.VALIDATION_ACCURACY).onTrainBegin(context(false)));
    assertTrue(accuracy.getMessage().endsWith("monitor(Metric.ACCURACY)"), accuracy.getMessage());
    IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
        () -> EarlyStopping.patience(1).monitor(Metric.VALIDATION_LOSS).onTrainBegin(context(false)));
    assertTrue(loss.getMessage().endsWith("monitor(Metric.LOSS)"), loss.getMessage());
  }

  @Test
  void anImprovementMustExceedMinDeltaInTheMetricsDirection() {
    EarlyStopping loss = EarlyStopping.patience(5).monitor(Metric.LOSS).minDelta(0.25);
    TrainingContext c = context(false);
    loss.onTrainBegin(c);
    loss.onEpochEnd(c, epoch(1, 1.0, Double.NaN, Double.NaN));
    loss.onEpochEnd(c, epoch(2, 0.75, Double.NaN, Double.NaN)); // exactly minDelta lower: not enough
    assertEquals(1, loss.bestEpoch());
    loss.onEpochEnd(c, epoch(3, 0.5, Double.NaN, Double.NaN));
    assertEquals(3, loss.bestEpoch());

    EarlyStopping accuracy = EarlyStopping.patience(5).monitor(Metric.ACCURACY).minDelta(0.25);
    accuracy.onTrainBegin(c);
    accuracy.onEpochEnd(c, epoch(1, 1, 0.25, Double.NaN));
    accuracy.onEpochEnd(c, epoch(2, 1, 0.5, Double.NaN)); // exactly minDelta higher: not enough
    assertEquals(1, accuracy.bestEpoch());
    accuracy.onEpochEnd(c, epoch(3, 1, 0.75, Double.NaN));
    assertEquals(3, accuracy.bestEpoch());
  }

  @Test
  void stoppingPutsBackTheBestEpochsWeightsUnlessToldNotTo() {
    EarlyStopping restoring = EarlyStopping.patience(2).monitor(Metric.LOSS);
    TrainingContext c = context(false);
    restoring.onTrainBegin(c);
    setWeights(1, 2);
    assertFalse(restoring.onEpochEnd(c, epoch(1, 0.5, Double.NaN, Double.NaN)));
    setWeights(3, 4);
    assertFalse(restoring.onEpochEnd(c, epoch(2, 0.6, Double.NaN, Double.NaN)));
    assertTrue(restoring.onEpochEnd(c, epoch(3, 0.7, Double.NaN, Double.NaN)));
    assertArrayEquals(new float[] {1, 2}, weights());
    assertEquals("early stopping at epoch 3: loss did not improve for 2 epochs; best 0.5000 at epoch 1,"
        + " its weights restored", restoring.stopMessage());

    EarlyStopping keeping = EarlyStopping.patience(1).monitor(Metric.LOSS).restoreBestWeights(false);
    keeping.onTrainBegin(c);
    keeping.onEpochEnd(c, epoch(1, 0.5, Double.NaN, Double.NaN));
    setWeights(5, 6);
    assertTrue(keeping.onEpochEnd(c, epoch(2, 0.6, Double.NaN, Double.NaN)));
    assertArrayEquals(new float[] {5, 6}, weights());
    assertTrue(keeping.stopMessage().endsWith("best 0.5000 at epoch 1"), keeping.stopMessage());
  }

  @Test
  void theBestEpochIsTheFirstOfEqualValuesAndSkipsUnmeasuredOnes() {
    History h = new History();
    h.add(new EpochResult(1, 0.5, 0.8, Double.NaN, 0.70, 1, 1));
    h.add(new EpochResult(2, 0.3, 0.9, Double.NaN, Double.NaN, 1, 1));
    h.add(new EpochResult(3, 0.3, 0.9, Double.NaN, 0.75, 1, 1));
    assertEquals(List.of(1, 2, 3), h.epochs().stream().map(EpochResult::epoch).toList());
    assertArrayEquals(new double[] {0.5, 0.3, 0.3}, h.loss());
    assertArrayEquals(new double[] {0.8, 0.9, 0.9}, h.accuracy());
    assertEquals(2, h.best(Metric.LOSS).epoch());
    assertEquals(2, h.best(Metric.ACCURACY).epoch());
    assertEquals(0.3, h.bestLoss());
    assertEquals(0.9, h.bestAccuracy());
    assertEquals(0.75, h.bestValidationAccuracy());
    assertThrows(IllegalStateException.class, h::bestValidationLoss);
    assertFalse(h.diverged());
    h.stop(StopReason.DIVERGED, "the loss became NaN");
    assertTrue(h.diverged());
  }
}
