package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.testing.Tolerance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainerTest {
  private final Device device = new CpuDevice(2);

  @AfterEach
  void close() {
    device.close();
  }

  /** y = x + 1 at x = 1, 3, 5, 7. */
  static Dataset line() {
    return Dataset.of(new float[][] {{1}, {3}, {5}, {7}}, new float[][] {{2}, {4}, {6}, {8}});
  }

  static float[] weights(LinearModel model) {
    float[] w = new float[model.parameterCount()];
    model.device().download(model.parameterBuffer(), 0, w, 0, w.length);
    return w;
  }

  static void assertBitIdentical(float[] expected, float[] actual) {
    int[] e = new int[expected.length];
    int[] a = new int[actual.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Float.floatToRawIntBits(expected[i]);
      a[i] = Float.floatToRawIntBits(actual[i]);
    }
    assertArrayEquals(e, a, () -> "expected " + Arrays.toString(expected) + ", found " + Arrays.toString(actual));
  }

  private LinearModel regression() {
    LinearModel model = new LinearModel("Line", device, Loss.MEAN_SQUARED_ERROR, 1, 1);
    model.initialize(1);
    return model;
  }

  @Test
  void predictionAndEvaluationInsideTheCallersReadOnlyScopeGiveWhatTheyGiveOutside() {
    // 300 samples of 40 features in batches of 128 (the last of 44), products big enough for the
    // packed GEMM, so the scope's kept packings are used.
    LinearModel model = new LinearModel("Wide", device, Loss.SOFTMAX_CROSS_ENTROPY, 40, 64);
    model.initialize(3);
    float[][] x = new float[300][40];
    float[][] y = new float[300][1];
    for (int i = 0; i < 300; i++) {
      for (int j = 0; j < 40; j++) {
        x[i][j] = (float) Math.sin(i * 0.37 + j * 1.3);
      }
      y[i][0] = i % 64;
    }
    Dataset data = Dataset.of(x, y);
    Trainer trainer = Trainer.of(model).batchSize(128).quiet();
    float[] outside = trainer.predict(data);
    Evaluation outsideEvaluation = trainer.evaluate(data);
    try (hypercolumn.runtime.ReadOnlyScope scope = device.readOnly(model.parameterBuffer())) {
      assertBitIdentical(outside, trainer.predict(data));
      assertEquals(outsideEvaluation, trainer.evaluate(data));
      assertBitIdentical(outside, trainer.predict(data)); // the packings kept by the calls before
    }
  }

  @Test
  void linearRegressionFitsALine() {
    LinearModel model = regression();
    History h = Trainer.of(model).optimizer(Sgd.lr(0.04f)).batchSize(4).epochs(1500).quiet().fit(line());
    float[] y = Trainer.of(model).predict(new float[] {8}, 1);
    // Within 0.05 of 9: the bound is tol * 9.
    Tolerance.assertWithin("prediction at x = 8, weights " + Arrays.toString(weights(model)), 9, y[0], 0.05 / 9);
    assertEquals(StopReason.COMPLETED, h.stopReason());
    assertEquals(1500, h.size());
    assertTrue(h.last().loss() < 1e-3, "final loss " + h.last().loss());
    assertTrue(Double.isNaN(h.last().accuracy()), "regression has no accuracy");
  }

  @Test
  void theSameSeedGivesBitIdenticalWeights() {
    LinearModel model = regression();
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(0.01f).momentum(0.9f)).batchSize(1).epochs(20).seed(42).quiet();
    trainer.fit(line());
    float[] first = weights(model);
    model.initialize(1);
    trainer.fit(line());
    assertBitIdentical(first, weights(model));
    model.initialize(1);
    trainer.seed(43).fit(line());
    assertFalse(Arrays.equals(first, weights(model)), "another seed shuffles differently");
  }

  @Test
  void theLastPartialBatchIsTrained() {
    LinearModel model = regression();
    Trainer.of(model).optimizer(Sgd.lr(0.01f)).batchSize(3).epochs(2).quiet().fit(line());
    assertEquals(4, model.trainingForwards(), "two batches (3 + 1) per epoch");
    assertEquals(8, model.trainingSamples());
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    // Validation data from another line: as the model learns y = x + 1, the validation loss
    // eventually rises and never recovers.
    Dataset validation = Dataset.of(new float[][] {{0}, {2}}, new float[][] {{3}, {0}});
    LinearModel model = regression();
    EarlyStopping stopping = EarlyStopping.patience(3);
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(0.01f)).batchSize(2).epochs(200).seed(3)
        .validation(validation).callbacks(stopping).quiet();
    History h = trainer.fit(line());
    int best = h.best(Metric.VALIDATION_LOSS).epoch();
    assertEquals(StopReason.CALLBACK, h.stopReason(), h.stopMessage());
    assertEquals(best, stopping.bestEpoch());
    assertEquals(best + 3, h.size(), h.toString());
    assertTrue(h.stopMessage().contains("val_loss did not improve for 3 epochs"), h.stopMessage());
    float[] restored = weights(model);
    Tolerance.assertWithin("validation loss of the restored weights", h.bestValidationLoss(),
        trainer.evaluate(validation).loss(), 1e-6);

    model.initialize(1);
    trainer.epochs(best).callbacks().fit(line());
    assertBitIdentical(weights(model), restored);
  }

  @Test
  void quietPrintsNothingToTheProgressStreamThatAFitPrintsToOtherwise() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(text, true, StandardCharsets.UTF_8);
    Trainer.of(regression()).optimizer(Sgd.lr(0.01f)).batchSize(4).progress(stream).quiet().fit(line());
    assertEquals("", text.toString(StandardCharsets.UTF_8), "quiet");
    Trainer.of(regression()).optimizer(Sgd.lr(0.01f)).batchSize(4).progress(stream).fit(line());
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("epoch 1/1  loss "), printed);
  }

  @Test
  void divergenceStopsAndRestoresTheLastGoodEpoch() {
    LinearModel model = regression();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(5f)).batchSize(1).epochs(100)
        .progress(new PrintStream(text, true, StandardCharsets.UTF_8));
    History h = trainer.fit(line());
    assertTrue(h.diverged(), h.toString());
    assertEquals(StopReason.DIVERGED, h.stopReason());
    float[] after = weights(model);
    for (float w : after) {
      assertTrue(Float.isFinite(w), Arrays.toString(after));
    }
    String out = text.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("training diverged"), out);
    assertTrue(out.contains("Try a lower learning rate than 5.0"), out);

    model.initialize(1);
    if (h.size() > 0) {
      trainer.epochs(h.size()).quiet().fit(line());
    }
    assertBitIdentical(weights(model), after);
  }

  @Test
  void anInjectedNanIsReportedWithEpochAndBatch() {
    LinearModel model = regression();
    model.poisonFromTrainingForward(5);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(0.01f)).batchSize(1).epochs(5)
        .progress(new PrintStream(text, true, StandardCharsets.UTF_8));
    History h = trainer.fit(line());
    assertTrue(h.diverged());
    assertEquals(1, h.size(), "one finished epoch");
    assertTrue(h.stopMessage().contains("the loss became NaN at epoch 2, batch 2/4"), h.stopMessage());
    assertTrue(h.stopMessage().contains("end of epoch 1"), h.stopMessage());
    float[] restored = weights(model);

    LinearModel clean = regression();
    Trainer.of(clean).optimizer(Sgd.lr(0.01f)).batchSize(1).epochs(1).quiet().fit(line());
    assertBitIdentical(weights(clean), restored);
  }

  @Test
  void logisticRegressionReportsAccuracy() {
    // Two classes separated by x0 + x1 > 0, three outputs (class 2 never occurs).
    int n = 200;
    float[][] x = new float[n][2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = (float) Math.sin(i * 1.7);
      x[i][1] = (float) Math.cos(i * 2.3);
      labels[i] = x[i][0] + x[i][1] > 0 ? 1 : 0;
    }
    Dataset data = Dataset.of(x, labels);
    LinearModel model = new LinearModel("Logistic", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 3);
    model.initialize(7);
    Trainer trainer = Trainer.of(model).optimizer(Adam.lr(0.05f)).batchSize(16).epochs(30).quiet();
    History h = trainer.validation(data).fit(data);
    assertTrue(h.last().accuracy() > 0.95, h.toString());
    Evaluation e = trainer.evaluate(data);
    Tolerance.assertWithin("accuracy of evaluate against the last epoch's", h.last().validationAccuracy(), e.accuracy(), 1e-12);
    Tolerance.assertWithin("loss of evaluate against the last epoch's", h.last().validationLoss(), e.loss(), 1e-6);
    int[] predicted = trainer.predictClasses(data);
    int right = 0;
    for (int i = 0; i < n; i++) {
      right += predicted[i] == labels[i] ? 1 : 0;
    }
    Tolerance.assertWithin("accuracy against the predicted classes counted here", right / (double) n, e.accuracy(), 1e-12);
  }

  @Test
  void binaryCrossEntropyAccuracyThresholdsLogitsAtZero() {
    LinearModel model = new LinearModel("Bce", device, Loss.BINARY_CROSS_ENTROPY, 1, 1);
    // Logit = 2x - 1: right for x = 1 (label 1) and x = 0 (label 0), wrong for x = 0.25 (label 1).
    device.upload(new float[] {2, -1}, 0, model.parameterBuffer(), 0, 2);
    Dataset data = Dataset.of(new float[][] {{1}, {0}, {0.25f}, {0.5f}}, new float[][] {{1}, {0}, {1}, {1}});
    Evaluation e = Trainer.of(model).evaluate(data);
    Tolerance.assertWithin("accuracy, logit 0 counting as class 1", 0.75, e.accuracy(), 1e-12);
    assertArrayEquals(new int[] {1, 0, 0, 1}, Trainer.of(model).predictClasses(data));
  }

  @Test
  void l2PenaltyIsAddedToTheReportedLoss() {
    LinearModel model = regression();
    device.upload(new float[] {3, 0.5f}, 0, model.parameterBuffer(), 0, 2);
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(1e-30f)).batchSize(4).quiet()
        .regularization(Regularization.l2(0.1f));
    History h = trainer.fit(line());
    double mse = trainer.evaluate(line()).loss();
    // Only the weight is regularized, not the bias: 0.1 * 3^2.
    Tolerance.assertWithin("penalty in the loss " + h.last().loss() + " over the mse " + mse, 0.9, h.last().loss() - mse, 1e-4);
  }
}
