package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.OneHot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TrainerDataValidationTest {
  private final Device device = new CpuDevice(1);

  @AfterEach
  void close() {
    device.close();
  }

  private Trainer classifier() {
    return Trainer.of(new LinearModel("Clf", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 3)).optimizer(Sgd.lr(0.1f)).quiet();
  }

  private static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
  }

  @Test
  void featureCountMismatchShowsBothShapes() {
    Dataset data = Dataset.of(new float[12], new int[] {3, 2}, new float[] {0, 1}, 1);
    assertMessage(() -> classifier().fit(data),
        "training data: network Clf expects 2 features per sample (shape [2]), but the data set has 6 (shape [3, 2])");
  }

  @Test
  void oneHotLabelsForSoftmaxCrossEntropyAreExplained() {
    Dataset data = Dataset.of(new float[][] {{1, 2}, {3, 4}}, OneHot.encode(new int[] {0, 2}, 3));
    assertMessage(() -> classifier().fit(data),
        "expects 1 label float per sample, but the data set has 3", "not a one-hot vector");
  }

  @Test
  void classLabelOutOfRangeNamesTheSample() {
    Dataset data = Dataset.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 2, 3});
    assertMessage(() -> classifier().fit(data),
        "integers in [0, 3)", "sample 2 has label 3.0");
  }

  @Test
  void nonIntegerClassLabelNamesTheSample() {
    Dataset data = Dataset.of(new float[][] {{1, 2}, {3, 4}}, new float[][] {{0.5f}, {1}});
    assertMessage(() -> classifier().fit(data), "sample 0 has label 0.5");
  }

  @Test
  void validationDataIsCheckedToo() {
    Dataset train = Dataset.of(new float[][] {{1, 2}}, new int[] {0});
    Dataset validation = Dataset.of(new float[][] {{1, 2}}, new int[] {-1});
    assertMessage(() -> classifier().validation(validation).fit(train), "validation data:", "sample 0 has label -1.0");
  }

  @Test
  void binaryTargetsOutsideZeroOneAreRejected() {
    Trainer bce = Trainer.of(new LinearModel("Bce", device, Loss.BINARY_CROSS_ENTROPY, 1, 2)).optimizer(Sgd.lr(0.1f));
    Dataset data = Dataset.of(new float[][] {{1}, {2}}, new float[][] {{0, 1}, {1, 2}});
    assertMessage(() -> bce.fit(data), "labels in [0.0, 1.0]", "sample 1 has label 2.0 at position 1");
  }

  @Test
  void emptyDataIsRejected() {
    Dataset empty = Dataset.of(new float[0], new int[] {2}, new float[0], 1);
    assertMessage(() -> classifier().fit(empty), "training data: the data set is empty");
  }

  @Test
  void fitWithoutAnOptimizerSaysHowToSetOne() {
    Trainer t = Trainer.of(new LinearModel("Clf", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 3));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> t.fit(Dataset.of(new float[][] {{1, 2}}, new int[] {0})));
    assertTrue(e.getMessage().contains("optimizer(Sgd.lr("), e.getMessage());
  }

  @Test
  void predictChecksTheSampleCount() {
    assertMessage(() -> classifier().predict(new float[5], 3), "3 samples need 6 floats, found 5");
  }

  @Test
  void earlyStoppingOnValidationLossNeedsValidationData() {
    Trainer t = classifier().callbacks(EarlyStopping.patience(2).monitor(Metric.VALIDATION_LOSS));
    assertMessage(() -> t.fit(Dataset.of(new float[][] {{1, 2}}, new int[] {0})),
        "EarlyStopping monitors val_loss but the trainer has no validation data");
  }
}
