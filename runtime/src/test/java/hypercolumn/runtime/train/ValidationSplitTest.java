package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.Split;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Trainer#validationSplit} trains exactly as a fit on the stratified split made by hand
 * with the trainer's seed, with that split's held-out part as validation data: same weights bit
 * for bit, same validation losses. The split itself is checked against hand counts in
 * SplitsTest.
 */
class ValidationSplitTest {
  private final Device device = new CpuDevice(2);

  @AfterEach
  void close() {
    device.close();
  }

  private static Dataset threeClasses() {
    float[][] x = new float[30][];
    int[] y = new int[30];
    for (int i = 0; i < 30; i++) {
      y[i] = i % 3;
      x[i] = new float[] {(float) Math.sin(i * 0.7) + y[i], (float) Math.cos(i * 1.3) - y[i]};
    }
    return Dataset.of(x, y);
  }

  private LinearModel model() {
    LinearModel model = new LinearModel("Logistic", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 3);
    model.initialize(4);
    return model;
  }

  @Test
  void aValidationSplitTrainsAsTheStratifiedSplitWithTheTrainersSeedDoes() {
    Dataset data = threeClasses();
    LinearModel withSplit = model();
    History split = Trainer.of(withSplit).optimizer(Sgd.lr(0.1f)).batchSize(4).epochs(3).seed(8)
        .validationSplit(0.2).quiet().fit(data);

    Split byHand = data.stratifiedSplit(0.8, 8);
    assertEquals(24, byHand.train().size());
    LinearModel explicit = model();
    History given = Trainer.of(explicit).optimizer(Sgd.lr(0.1f)).batchSize(4).epochs(3).seed(8)
        .validation(byHand.test()).quiet().fit(byHand.train());

    TrainerTest.assertBitIdentical(TrainerTest.weights(explicit), TrainerTest.weights(withSplit));
    assertEquals(3, split.size());
    for (int e = 0; e < 3; e++) {
      assertTrue(split.epochs().get(e).hasValidation(), "epoch " + (e + 1) + " has val_loss");
      assertEquals(given.validationLoss()[e], split.validationLoss()[e], "val_loss of epoch " + (e + 1));
    }
  }

  @Test
  void aValidationSplitWithValidationDataIsRejected() {
    Dataset data = threeClasses();
    Trainer trainer = Trainer.of(model()).optimizer(Sgd.lr(0.1f)).validation(data)
        .validationSplit(0.25).quiet();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(data));
    assertEquals("both validation(data) and validationSplit(0.25) were given; use one", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Trainer.of(model()).validationSplit(1.0));
  }
}
