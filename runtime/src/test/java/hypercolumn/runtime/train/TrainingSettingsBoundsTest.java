package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.Loss;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The edges of the small rules around training: the bounds of hyperparameters and schedules
 * (each limit itself accepted or refused as documented), floats printed as Python prints them
 * (the oracle is Python's {@code str(float)}: {@code 0.0001}, {@code 1e-05}, {@code 1e-10}),
 * accuracy counting at ties and zero logits, the progress line's ETA and durations, and that
 * progress reaches its stream at once. Expected values are worked out by hand.
 */
class TrainingSettingsBoundsTest {
  @Test
  void eachLimitOfAHyperparameterIsOnTheDocumentedSide() {
    assertThrows(IllegalArgumentException.class, () -> Hyperparameters.positive("eps", 0f));
    assertEquals(Float.MIN_VALUE, Hyperparameters.positive("eps", Float.MIN_VALUE));
    assertDoesNotThrow(() -> Hyperparameters.checkCount(0));
    assertThrows(IllegalArgumentException.class, () -> Hyperparameters.checkCount(-1));
    assertEquals(0f, Regularization.l1(0.5f).l2());
    assertEquals(0.5f, Regularization.l1(0.5f).l1());
    assertEquals(0f, Regularization.l2(0.5f).l1());
    Regularization both = Regularization.l1l2(0.25f, 0.5f);
    assertEquals(0.25f, both.l1());
    assertEquals(0.5f, both.l2());
    assertThrows(IllegalArgumentException.class, () -> Regularization.l1(-0.5f));
    assertThrows(IllegalArgumentException.class, () -> Regularization.l2(-0.5f));
  }

  @Test
  void scheduleLimitsAreOneEpochAndAFactorInZeroToOne() {
    assertDoesNotThrow(() -> LearningRateSchedule.step(1, 1f));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5f));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(2, 1.5f));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(2, 0f));
    assertDoesNotThrow(() -> LearningRateSchedule.exponential(1f));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0f));
  }

  @Test
  void floatsPrintAsPythonPrintsThem() {
    assertEquals("0.0001", Hyperparameters.format(1e-4f));
    assertEquals("1e-05", Hyperparameters.format(1e-5f));
    assertEquals("1e-10", Hyperparameters.format(1e-10f));
    assertEquals("-2.5e-10", Hyperparameters.format(-2.5e-10f));
    assertEquals("12345.0", Hyperparameters.format(12345f));
    assertEquals("0.0", Hyperparameters.format(0f));
  }

  @Test
  void sgdDescribesMomentumAndDropsNesterovWithIt() {
    Sgd nesterov = Sgd.lr(0.1f).momentum(0.9f).nesterov();
    assertEquals("SGD(lr=0.1, momentum=0.9, nesterov=True)", nesterov.describe());
    assertEquals("SGD(lr=0.1)", nesterov.momentum(0f).describe());
  }

  @Test
  void accuracyCountsTiesAsTheFirstClassAndAZeroLogitAsPositive() {
    // Argmax: the first of equal values.
    assertEquals(0, Accuracy.argmax(new float[] {2, 2, 1}, 0, 3));
    assertEquals(1, Accuracy.argmax(new float[] {9, 1, 3, 3}, 1, 3));
    // Binary: logit >= 0 means class 1; 2 rows of 2 outputs, 3 of 4 right.
    float[] logits = {0f, -1f, 2f, -0.5f};
    float[] targets = {1f, 0f, 1f, 1f};
    assertEquals(3, Accuracy.correct(Loss.BINARY_CROSS_ENTROPY, logits, targets, 2, 2));
    assertEquals(4, Accuracy.answers(Loss.BINARY_CROSS_ENTROPY, 2, 2));
    assertEquals(2, Accuracy.answers(Loss.SOFTMAX_CROSS_ENTROPY, 2, 2));
    // Perceptron: exact matches of the 0/1 outputs, 3 rows of 2.
    float[] outputs = {1, 0, 0, 0, 1, 1};
    float[] labels = {1, 1, 0, 0, 1, 0};
    assertEquals(4, Accuracy.correct(Loss.PERCEPTRON, outputs, labels, 3, 2));
    assertEquals(0, Accuracy.correct(Loss.MEAN_SQUARED_ERROR, outputs, labels, 3, 2));
  }

  @Test
  void durationsSwitchUnitsAtAMinuteAndAnHour() {
    assertEquals("59s", Progress.duration(59.4));
    assertEquals("1m00s", Progress.duration(60));
    assertEquals("59m59s", Progress.duration(3599));
    assertEquals("1h00m", Progress.duration(3600));
    assertEquals("2h03m", Progress.duration(2 * 3600 + 3 * 60 + 59));
  }

  @Test
  void theEtaIsTheTimePerBatchSoFarTimesTheBatchesLeft() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    // 10 s a batch, 1 to go; a slow machine's delay is divided by 5 in the estimate.
    p.batch(1, 1, 5, 6, 0.5, System.nanoTime() - 50_000_000_000L);
    assertEquals("\repoch 1/1  batch 5/6  loss 0.5000  ETA 10s", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aShorterLineBlanksTheRestOfTheLiveLineAndEverythingIsFlushed() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // Buffered and without autoflush: only the progress's own flushes make text appear.
    PrintStream out = new PrintStream(new BufferedOutputStream(bytes, 1 << 16), false, StandardCharsets.UTF_8);
    Progress p = new Progress(out, true);
    p.message("first");
    assertEquals("first" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    p.batch(1, 1, 3, 4, 0.25, System.nanoTime() - 30_000_000_000L);
    String live = "\repoch 1/1  batch 3/4  loss 0.2500  ETA 10s";
    assertEquals("first" + System.lineSeparator() + live, bytes.toString(StandardCharsets.UTF_8));
    p.message("done");
    String blanks = " ".repeat(live.length() - 1 - "done".length());
    assertEquals("first" + System.lineSeparator() + live + "\rdone" + blanks + "\n",
        bytes.toString(StandardCharsets.UTF_8));
  }
}
