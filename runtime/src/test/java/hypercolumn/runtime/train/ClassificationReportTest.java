package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Precision, recall, F1 and the confusion matrix of a hand-made prediction set, every expected
 * value worked out by hand in the comments; class 2 is never predicted, so its precision is 0 by
 * the documented zero-division rule.
 */
class ClassificationReportTest {
  private static final double EXACT = 1e-12;

  //                                      actual:    0  0  0  1  1  2  2  0
  private static final ClassificationReport REPORT = ClassificationReport.of(
      new int[] {0, 0, 0, 1, 1, 2, 2, 0}, new int[] {0, 0, 1, 1, 0, 1, 0, 0}, 3);

  @Test
  void theConfusionMatrixHasActualRowsAndPredictedColumns() {
    // Class 0 (4 samples): predicted 0, 0, 1, 0. Class 1: 1, 0. Class 2: 1, 0.
    assertArrayEquals(new long[][] {{3, 1, 0}, {1, 1, 0}, {1, 1, 0}}, REPORT.confusionMatrix());
    assertEquals(8, REPORT.samples());
    assertEquals(4, REPORT.support(0));
    assertEquals(0, REPORT.predicted(2));
  }

  @Test
  void precisionRecallAndF1PerClassAreTheHandComputedRatios() {
    // Class 0: TP 3, predicted 5, support 4: P = 0.6, R = 0.75, F1 = 0.9 / 1.35 = 2/3.
    assertEquals(0.6, REPORT.precision(0), EXACT);
    assertEquals(0.75, REPORT.recall(0), EXACT);
    assertEquals(2.0 / 3, REPORT.f1(0), EXACT);
    // Class 1: TP 1, predicted 3, support 2: P = 1/3, R = 1/2, F1 = (1/3) / (5/6) = 0.4.
    assertEquals(1.0 / 3, REPORT.precision(1), EXACT);
    assertEquals(0.5, REPORT.recall(1), EXACT);
    assertEquals(0.4, REPORT.f1(1), EXACT);
    // Class 2: never predicted, so precision 0 (zero_division = 0); TP 0 of 2, so recall 0; F1 0.
    assertEquals(0, REPORT.precision(2), EXACT);
    assertEquals(0, REPORT.recall(2), EXACT);
    assertEquals(0, REPORT.f1(2), EXACT);
  }

  @Test
  void theAveragesWeighClassesAlikeOrBySupport() {
    assertEquals(0.5, REPORT.accuracy(), EXACT); // 3 + 1 + 0 right of 8
    assertEquals((0.6 + 1.0 / 3) / 3, REPORT.macroPrecision(), EXACT);
    assertEquals((0.75 + 0.5) / 3, REPORT.macroRecall(), EXACT);
    assertEquals((2.0 / 3 + 0.4) / 3, REPORT.macroF1(), EXACT);
    assertEquals((2.0 / 3 * 4 + 0.4 * 2) / 8, REPORT.weightedF1(), EXACT);
  }

  @Test
  void aClassWithNoSamplesHasRecallZero() {
    ClassificationReport r = ClassificationReport.of(new int[] {0, 1}, new int[] {0, 3}, 4);
    assertEquals(0, r.support(2));
    assertEquals(0, r.recall(2), EXACT);
    assertEquals(0, r.precision(3), EXACT); // predicted once, never right
    assertEquals(1, r.precision(0), EXACT);
  }

  @Test
  void theTableNamesTheClassesAndEndsWithTheMatrix() {
    String table = REPORT.toString(List.of("setosa", "versicolor", "virginica"));
    assertTrue(table.contains("      setosa     0.6000     0.7500     0.6667          4\n"), table);
    assertTrue(table.contains("   virginica     0.0000     0.0000     0.0000          2\n"), table);
    assertTrue(table.endsWith("   virginica       1      1      0\n"), table);
  }

  @Test
  void aClassOutOfRangeIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClassificationReport.of(new int[] {0, 3}, new int[] {0, 0}, 3));
    assertEquals("sample 1: actual class 3, predicted 0; both must be in [0, 3)", e.getMessage());
  }

  @Test
  void evaluateReportsTheClassesOfTheModelsArgmax() {
    try (Device device = new CpuDevice(1)) {
      LinearModel model = new LinearModel("Net", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 3);
      // W = [[1, 0], [0, 1], [1, 1]], b = [0, 0.5, -1].
      device.upload(new float[] {1, 0, 0, 1, 1, 1, 0, 0.5f, -1}, 0, model.parameterBuffer(), 0, 9);
      // Logits: (2, -1) -> (2, -0.5, 0): 0; (0, 3) -> (0, 3.5, 2): 1; (1, 1) -> (1, 1.5, 1): 1;
      // (-1, -1) -> (-1, -0.5, -3): 1.
      Dataset data = Dataset.of(new float[][] {{2, -1}, {0, 3}, {1, 1}, {-1, -1}}, new int[] {0, 1, 2, 2});
      Evaluation evaluation = Trainer.of(model).quiet().evaluate(data);
      ClassificationReport report = evaluation.classification().orElseThrow();
      assertArrayEquals(new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 2, 0}}, report.confusionMatrix());
      assertEquals(1.0 / 3, report.precision(1), EXACT);
      assertEquals(0.5, evaluation.accuracy(), EXACT);
    }
  }
}
