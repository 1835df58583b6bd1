package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReduceLearningRateOnPlateau fed a hand-written sequence of validation losses, with the learning
 * rate after each epoch worked out by hand from Keras's rule; CsvLogger's file against the text
 * written by hand for hand-made epochs, then after a real fit.
 */
class PlateauAndCsvLoggerTest {
  @TempDir Path dir;

  private static EpochResult epoch(int epoch, double valLoss) {
    return new EpochResult(epoch, 1.0, Double.NaN, valLoss, Double.NaN, 0.25, 100);
  }

  private static float[] ratesAfterEachEpoch(ReduceLearningRateOnPlateau plateau, double... valLosses) {
    Optimizer sgd = Sgd.lr(0.1f);
    TrainingContext context = new TrainingContext(null, sgd, valLosses.length, true, null);
    plateau.onTrainBegin(context);
    float[] rates = new float[valLosses.length];
    for (int e = 0; e < valLosses.length; e++) {
      plateau.onEpochEnd(context, epoch(e + 1, valLosses[e]));
      rates[e] = sgd.learningRate();
    }
    return rates;
  }

  @Test
  void theRateIsHalvedAfterPatienceEpochsWithoutImprovementButNotBelowTheMinimum() {
    ReduceLearningRateOnPlateau plateau =
        ReduceLearningRateOnPlateau.patience(2).factor(0.5f).minLearningRate(0.02f).minDelta(0);
    float[] rates = ratesAfterEachEpoch(plateau,
        1.0, 0.9, 0.95, 0.91, 0.92, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95);
    // 1.0 and 0.9 improve; 0.95, 0.91 do not: halve to 0.05 after epoch 4. 0.92: wait 1; 0.5
    // improves; 0.6, 0.7: halve to 0.025 after epoch 8; 0.8, 0.85: 0.0125 is below the minimum,
    // so 0.02 after epoch 10; 0.9, 0.95: already at the minimum, no change.
    assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.05f, 0.025f, 0.025f,
        0.02f, 0.02f, 0.02f}, rates);
    assertEquals(3, plateau.reductions());
  }

  @Test
  void anImprovementSmallerThanMinDeltaDoesNotCountAndCooldownPausesTheCount() {
    // min_delta 0.01: 0.995 and 0.99 are not improvements on 1.0, so the rate drops after epoch
    // 3; cooldown 2 skips epochs 4 and 5; epochs 6 and 7 count, and it drops again after 7.
    float[] rates = ratesAfterEachEpoch(
        ReduceLearningRateOnPlateau.patience(2).factor(0.5f).minDelta(0.01).cooldown(2),
        1.0, 0.995, 0.99, 1.0, 1.0, 1.0, 1.0);
    assertArrayEquals(new float[] {0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.05f, 0.025f}, rates);
  }

  @Test
  void monitoringValidationWithoutValidationDataIsRejected() {
    TrainingContext context = new TrainingContext(null, Sgd.lr(0.1f), 3, false, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReduceLearningRateOnPlateau.patience(1).monitor(Metric.VALIDATION_LOSS).onTrainBegin(context));
    assertEquals("ReduceLearningRateOnPlateau monitors val_loss but the trainer has no validation"
        + " data; call Trainer.validation(...) or validationSplit(...), or monitor a training"
        + " metric", e.getMessage());
  }

  @Test
  void theCsvLoggerWritesARowPerEpochWithEmptyFieldsForWhatWasNotMeasured() throws IOException {
    Path file = dir.resolve("log.csv");
    CsvLogger logger = CsvLogger.to(file);
    TrainingContext context = new TrainingContext(null, Sgd.lr(0.5f), 2, true, null);
    logger.onTrainBegin(context);
    assertEquals("epoch,loss,acc,val_loss,val_acc,learning_rate,seconds\n", Files.readString(file));
    logger.onEpochEnd(context, new EpochResult(1, 0.75, 0.5, 0.625, Double.NaN, 1.5, 10));
    logger.onEpochEnd(context, new EpochResult(2, 0.25, Double.NaN, Double.NaN, Double.NaN, 2, 10));
    assertEquals("epoch,loss,acc,val_loss,val_acc,learning_rate,seconds\n"
        + "1,0.75,0.5,0.625,,0.5,1.5\n"
        + "2,0.25,,,,0.5,2.0\n", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void aFitLogsEveryEpochItRan() throws IOException {
    Path file = dir.resolve("fit.csv");
    try (Device device = new CpuDevice(1)) {
      LinearModel model = new LinearModel("Line", device, Loss.MEAN_SQUARED_ERROR, 1, 1);
      model.initialize(1);
      History history = Trainer.of(model).optimizer(Sgd.lr(0.01f)).batchSize(4).epochs(3).quiet()
          .callbacks(CsvLogger.to(file)).fit(TrainerTest.line());
      List<String> lines = Files.readAllLines(file);
      assertEquals(4, lines.size(), String.join("\n", lines));
      for (int e = 0; e < 3; e++) {
        String[] fields = lines.get(e + 1).split(",", -1);
        assertEquals(String.valueOf(e + 1), fields[0]);
        assertEquals(history.loss()[e], Double.parseDouble(fields[1]), "loss of epoch " + (e + 1));
        assertEquals("", fields[2], "no accuracy for squared error");
        assertEquals("0.01", fields[5]);
      }
    }
  }
}
