package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.StandardScaler;
import hypercolumn.runtime.io.Weights;
import hypercolumn.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-sample predictions against softmax and sigmoid values worked out by hand (e^-1 =
 * 0.36787944, e^-2 = 0.13533528, e^-0.5 = 0.60653066), and a reloaded model with its scaler
 * predicting a raw sample whose scaled value and logits are computed by hand.
 */
class PredictionsTest {
  @TempDir Path dir;
  private final Device device = new CpuDevice(1);

  @AfterEach
  void close() {
    device.close();
  }

  @Test
  void softmaxCrossEntropyGivesSoftmaxProbabilitiesTheArgmaxAndTopK() {
    Predictions p = new Predictions(Loss.SOFTMAX_CROSS_ENTROPY,
        new float[] {1, 2, 3, 0.1f, 3, -2, 3, 0}, 2, 4);
    assertEquals(Link.SOFTMAX, p.link());
    // Sample 0 has 4 outputs 1, 2, 3, 0.1; its first three as in the class comment:
    // exp(1 - 3) = 0.13533528, exp(-1) = 0.36787944, 1, exp(0.1 - 3) = 0.05502322.
    double sum = 0.13533528 + 0.36787944 + 1 + 0.05502322;
    Tolerance.assertWithin("softmax", new float[] {(float) (0.13533528 / sum),
        (float) (0.36787944 / sum), (float) (1 / sum), (float) (0.05502322 / sum)},
        p.probabilities(0), 1e-6);
    assertEquals(2, p.predictedClass(0));
    // Sample 1: outputs 3, -2, 3, 0; the tie between classes 0 and 2 goes to the lower one.
    assertEquals(0, p.predictedClass(1));
    assertArrayEquals(new int[] {0, 2, 3}, p.topK(1, 3));
    assertArrayEquals(new int[] {2, 1, 0, 3}, p.topK(0, 4));
    assertArrayEquals(new int[] {2, 0}, p.classes());
    assertArrayEquals(new float[] {3, -2, 3, 0}, p.outputs(1));
  }

  @Test
  void binaryCrossEntropyGivesSigmoidsAndClassOneFromLogitZero() {
    Predictions p = new Predictions(Loss.BINARY_CROSS_ENTROPY, new float[] {0, 2, -1, -1e-9f}, 4, 1);
    // 1 / (1 + e^0) = 0.5; 1 / (1 + e^-2) = 0.88079708; 1 / (1 + e^1) = 0.26894142.
    Tolerance.assertWithin("sigmoid", new float[] {0.5f, 0.88079708f, 0.26894142f, 0.5f},
        new float[] {p.probability(0, 0), p.probability(1, 0), p.probability(2, 0), p.probability(3, 0)},
        1e-7);
    // The last sigmoid rounds to 0.5f, but its logit is below 0: class 0, as the accuracy counts.
    assertArrayEquals(new int[] {1, 1, 0, 0}, p.classes());
  }

  @Test
  void binaryCrossEntropyOverSeveralOutputsIsMultiLabelWithoutOneClass() {
    Predictions p = new Predictions(Loss.BINARY_CROSS_ENTROPY, new float[] {1, -1}, 1, 2);
    Tolerance.assertWithin("sigmoids", new float[] {0.73105858f, 0.26894142f}, p.probabilities(0), 1e-7);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.predictedClass(0));
    assertEquals("a network with 2 outputs and loss BINARY_CROSS_ENTROPY predicts each output on"
        + " its own (multi-label), not one class per sample; use probabilities(i)", e.getMessage());
  }

  @Test
  void meanSquaredErrorKeepsTheOutputsAsTheyAre() {
    Predictions p = new Predictions(Loss.MEAN_SQUARED_ERROR, new float[] {0.7f, -3, 0.2f}, 3, 1);
    assertEquals(Link.IDENTITY, p.link());
    assertArrayEquals(new float[] {-3}, p.probabilities(1));
    assertArrayEquals(new int[] {1, 0, 0}, p.classes());
    assertThrows(IllegalArgumentException.class, () -> p.topK(0, 2));
  }

  /** W = [[1, 0], [0, 1], [1, 1]], b = [0, 0.5, -1]. */
  private LinearModel threeClassModel() {
    LinearModel model = new LinearModel("Net", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 3);
    device.upload(new float[] {1, 0, 0, 1, 1, 1, 0, 0.5f, -1}, 0, model.parameterBuffer(), 0, 9);
    return model;
  }

  @Test
  void theTrainerGivesTheSoftmaxOfTheModelsLogits() {
    Trainer trainer = Trainer.of(threeClassModel()).quiet();
    // x = (2, -1): logits (2, -0.5, 0); exp(-2.5) = 0.08208500, exp(-2) = 0.13533528.
    Predictions p = trainer.predictions(Dataset.of(new float[][] {{2, -1}}, new int[] {0}));
    double sum = 1 + 0.08208500 + 0.13533528;
    Tolerance.assertWithin("probabilities",
        new float[] {(float) (1 / sum), (float) (0.08208500 / sum), (float) (0.13533528 / sum)},
        p.probabilities(0), 1e-6);
    assertArrayEquals(new int[] {0, 2}, p.topK(0, 2));
  }

  @Test
  void aReloadedModelPredictsOnRawInputsThroughItsSavedScaler() throws IOException {
    Dataset raw = Dataset.of(new float[][] {{1, 10}, {2, 20}, {3, 60}}, new int[] {0, 1, 2});
    Path file = dir.resolve("net.safetensors");
    Weights.save(threeClassModel(), file, StandardScaler.fit(raw));

    LinearModel fresh = new LinearModel("Net", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 3);
    fresh.initialize(77);
    Predictor predictor = Predictor.load(fresh, file);
    // Mean (2, 30), std (sqrt(2/3), sqrt(1400/3)): the raw (2 + sqrt(2/3), 30) scales to (1, 0),
    // so the logits are (1, 0.5, 0) and the probabilities 1, e^-0.5, e^-1 over their sum.
    Predictions p = predictor.predict(new float[][] {{(float) (2 + Math.sqrt(2.0 / 3)), 30}});
    double sum = 1 + 0.60653066 + 0.36787944;
    Tolerance.assertWithin("probabilities of the raw sample",
        new float[] {(float) (1 / sum), (float) (0.60653066 / sum), (float) (0.36787944 / sum)},
        p.probabilities(0), 1e-5);
    assertEquals(0, p.predictedClass(0));
  }
}
