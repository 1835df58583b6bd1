package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.testing.Tolerance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a fit reports besides the weights it learns: the epoch's loss and accuracy (on a model
 * whose weights a learning rate of {@link Float#MIN_VALUE} leaves unchanged, so both are those
 * of the fixed weights, worked out by hand), the progress lines, the times, the divergence
 * checks at the end of an epoch and after validation, and the argument checks of evaluate and
 * predict. The expected values are computed in double in the test from the weights it set.
 */
class TrainerOutcomesTest {
  private final Device device = new CpuDevice(1);

  @AfterEach
  void close() {
    device.close();
  }

  /** Logits = the two inputs: weight [[1, 0], [0, 1]], bias 0. */
  private LinearModel identityClassifier() {
    LinearModel model = new LinearModel("Pair", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 2);
    model.initialize(1);
    device.upload(new float[] {1, 0, 0, 1, 0, 0}, 0, model.parameterBuffer(), 0, 6);
    return model;
  }

  /** Three of four right: (1, 0) is labelled 1 but its larger logit is class 0. */
  private static final float[][] X = {{2, 0}, {0, 2}, {1, 0}, {0, 3}};
  private static final int[] LABELS = {0, 1, 1, 1};

  private static double expectedMeanLoss() {
    double sum = 0;
    for (int i = 0; i < X.length; i++) {
      double logSumExp = Math.log(Math.exp(X[i][0]) + Math.exp(X[i][1]));
      sum += logSumExp - X[i][LABELS[i]];
    }
    return sum / X.length;
  }

  @Test
  void epochLossAndAccuracyAreThoseOfTheWeightsThatTrained() {
    LinearModel model = identityClassifier();
    long before = System.nanoTime();
    History h = Trainer.of(model).optimizer(Sgd.lr(Float.MIN_VALUE)).batchSize(2).epochs(1)
        .quiet().fit(Dataset.of(X, LABELS));
    double wallSeconds = (System.nanoTime() - before) / 1e9;
    EpochResult e = h.last();
    Tolerance.assertWithin("epoch loss", expectedMeanLoss(), e.loss(), 1e-6);
    assertEquals(0.75, e.accuracy(), 0.0, "3 of 4 right");
    assertTrue(e.seconds() > 0 && e.seconds() <= wallSeconds, e.seconds() + " s of " + wallSeconds);
    // Training time is part of the epoch's time, so the rate is at least samples / epoch time.
    assertTrue(e.samplesPerSecond() >= X.length / e.seconds() * (1 - 1e-9),
        e.samplesPerSecond() + " samples/s in " + e.seconds() + " s");
  }

  @Test
  void theLiveLineEndsOnTheEpochsMeanLossAndEachEpochPrintsALine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    LinearModel model = identityClassifier();
    History h = Trainer.of(model).optimizer(Sgd.lr(Float.MIN_VALUE)).batchSize(2).epochs(3)
        .callbacks(EarlyStopping.patience(1).monitor(Metric.LOSS).minDelta(1e-3))
        .progress(out, true).fit(Dataset.of(X, LABELS));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, h.size(), text);
    for (int epoch = 1; epoch <= 2; epoch++) {
      String last = String.format(Locale.ROOT, "epoch %d/3  batch 2/2  loss %.4f", epoch, h.loss()[epoch - 1]);
      assertTrue(text.contains(last), "missing '" + last + "' in " + text);
      assertTrue(text.contains(String.format(Locale.ROOT, "epoch %d/3  loss %.4f  acc 0.7500", epoch,
          h.loss()[epoch - 1])), text);
    }
    assertTrue(text.contains("early stopping at epoch 2: loss did not improve for 1 epoch"), text);
    assertEquals(StopReason.CALLBACK, h.stopReason());
  }

  @Test
  void parametersThatOverflowInTheLastStepOfAnEpochStopTrainingAndAreRestored() {
    LinearModel model = new LinearModel("Line", device, Loss.MEAN_SQUARED_ERROR, 1, 1);
    model.initialize(1);
    device.upload(new float[] {0.5f, 0f}, 0, model.parameterBuffer(), 0, 2);
    Dataset line = Dataset.of(new float[][] {{1}, {3}, {5}, {7}}, new float[][] {{2}, {4}, {6}, {8}});
    // One batch an epoch: the loss of that batch is finite, the step it drives is not.
    History h = Trainer.of(model).optimizer(Sgd.lr(Float.MAX_VALUE)).batchSize(4).epochs(2)
        .quiet().fit(line);
    assertTrue(h.diverged(), h.stopMessage());
    assertTrue(h.stopMessage().matches(
        "training diverged: parameter 0 became -?Infinity at the end of epoch 1; restored the initial weights\\..*"),
        h.stopMessage());
    assertEquals(0, h.size());
    assertArrayEquals(new float[] {0.5f, 0f}, TrainerTest.weights(model));
  }

  @Test
  void aValidationLossThatOverflowsStopsTraining() {
    LinearModel model = new LinearModel("Line", device, Loss.MEAN_SQUARED_ERROR, 1, 1);
    model.initialize(1);
    device.upload(new float[] {0.5f, 0f}, 0, model.parameterBuffer(), 0, 2);
    Dataset line = Dataset.of(new float[][] {{1}, {3}}, new float[][] {{2}, {4}});
    // (0.5e30)^2 is past the largest float.
    Dataset far = Dataset.of(new float[][] {{1e30f}}, new float[][] {{0}});
    History h = Trainer.of(model).optimizer(Sgd.lr(1e-3f)).epochs(3).validation(far).quiet().fit(line);
    assertTrue(h.diverged(), h.stopMessage());
    assertTrue(h.stopMessage().matches("training diverged: the validation loss became (Infinity|NaN) at epoch 1; .*"),
        h.stopMessage());
  }

  @Test
  void evaluateAndPredictCheckTheirDataFirst() {
    LinearModel model = new LinearModel("Line", device, Loss.MEAN_SQUARED_ERROR, 1, 1);
    model.initialize(1);
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(0.1f)).quiet();
    Dataset wide = Dataset.of(new float[][] {{1, 2}}, new float[][] {{0}});
    IllegalArgumentException evaluate = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(wide));
    assertTrue(evaluate.getMessage().startsWith("evaluation data: "), evaluate.getMessage());
    IllegalArgumentException predict = assertThrows(IllegalArgumentException.class, () -> trainer.predict(wide));
    assertTrue(predict.getMessage().startsWith("prediction data: "), predict.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trainer.predict(new float[1], 2));
  }

  @Test
  void predictTakesExactlyCountSamplesAndOneOutputRegressionsThresholdAtOneHalf() {
    LinearModel model = new LinearModel("Line", device, Loss.MEAN_SQUARED_ERROR, 1, 1);
    model.initialize(1);
    device.upload(new float[] {1f, 0f}, 0, model.parameterBuffer(), 0, 2); // y = x
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(0.1f)).quiet();
    float[] samples = {0.4f, 0.5f, 0.7f};
    assertArrayEquals(samples, trainer.predict(samples, 3));
    assertArrayEquals(new int[] {0, 1, 1}, trainer.predictClasses(samples, 3));
  }

  @Test
  void perceptronLabelsMustBeZeroOrOne() {
    LinearModel model = new LinearModel("Unit", device, Loss.PERCEPTRON, 2, 1);
    model.initialize(1);
    Dataset half = Dataset.of(new float[][] {{1, 0}}, new float[][] {{0.5f}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.of(model).optimizer(Sgd.lr(0.1f)).quiet().fit(half));
    assertTrue(e.getMessage().startsWith("training data: network Unit (loss PERCEPTRON) expects integer labels"),
        e.getMessage());
  }

  @Test
  void predictionOverSeveralBatchesReadsEachSampleFromItsOwnRow() {
    LinearModel model = identityClassifier();
    device.upload(new float[] {1, 2, -1, 0.5f, 0.25f, -0.5f}, 0, model.parameterBuffer(), 0, 6);
    Trainer trainer = Trainer.of(model).optimizer(Sgd.lr(0.1f)).batchSize(2).quiet();
    float[] samples = {1, 0, 0, 1, 2, 3, -1, 4, 0.5f, 0.5f};
    double[] expected = new double[10];
    for (int s = 0; s < 5; s++) { // logits = W x + b, W = [[1, 2], [-1, 0.5]], b = [0.25, -0.5]
      double x0 = samples[2 * s];
      double x1 = samples[2 * s + 1];
      expected[2 * s] = x0 + 2 * x1 + 0.25;
      expected[2 * s + 1] = -x0 + 0.5 * x1 - 0.5;
    }
    Tolerance.assertWithin("outputs of 5 samples in batches of 2", expected, trainer.predict(samples, 5), 1e-6);
  }

  @Test
  void aModelWithSeveralLabelFloatsPerSampleTrainsOnWholeBatches() {
    LinearModel model = new LinearModel("Pair", device, Loss.MEAN_SQUARED_ERROR, 2, 2);
    model.initialize(1);
    device.upload(new float[] {1, 0, 0, 1, 0, 0}, 0, model.parameterBuffer(), 0, 6); // y = x
    // Targets x + 1: every output is 1 short, a squared error of 1 each.
    float[][] x = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}};
    float[][] t = {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}};
    History h = Trainer.of(model).optimizer(Sgd.lr(Float.MIN_VALUE)).batchSize(4).quiet()
        .fit(Dataset.of(x, t));
    Tolerance.assertWithin("mean squared error", 1.0, h.last().loss(), 1e-6);
  }
}
