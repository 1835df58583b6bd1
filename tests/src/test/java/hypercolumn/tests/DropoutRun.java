package hypercolumn.tests;

import static hypercolumn.tests.DropoutNetworks.BATCH;
import static hypercolumn.tests.DropoutNetworks.WIDTH;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * One placement's network run on one device: what the test fed it and what the device computed.
 * Every placement runs once per device (one device opened for all of them), and the tests of
 * {@link DropoutStatisticsTest} read the same runs.
 *
 * <p>The values are chosen so that the reference can know the dropout's input exactly: a
 * pre-activation is an odd multiple of 1/128 in (-1, 3) (never 0, about a quarter negative) and a
 * bias a multiple of 1/16 in [-1/4, 1/4], so their float32 sum is exact; on the input, the values
 * are Gaussian.
 */
final class DropoutRun {
  /** Forward passes in training mode, each under its own key. */
  static final int KEYS = 10;

  /** Floats in one dropout output, {@code (B, WIDTH)}. */
  static final int SIZE = BATCH * WIDTH;

  private static final Map<TestDevices, Map<DropoutPlacement, DropoutRun>> RUNS = new EnumMap<>(TestDevices.class);

  final DropoutPlacement placement;
  /** The pre-activation of the dense layer before the dropout, or the network's input; (B, WIDTH). */
  final float[] preActivation;
  final float[] labels;
  /** The output of a forward in evaluation mode, and of one under another key. */
  final float[] evaluation;
  final float[] evaluationUnderAnotherKey;
  /** The output of the training forward under {@link #key}(k), for each k. */
  final float[][] training;
  /**
   * After the training forward under key 0 and the mean-squared-error gradient: the gradient of
   * the pre-activation (read from the dense layer's weight gradient, (B, WIDTH)), or on the
   * input the observer's weight gradient, (WIDTH, WIDTH).
   */
  final float[] gradient;

  private DropoutRun(Device device, DropoutPlacement placement) {
    this.placement = placement;
    Random random = new Random(placement.ordinal() * 1000L + 17);
    this.preActivation = new float[SIZE];
    this.labels = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      labels[i] = (2 * (random.nextInt(128) - 64) + 1) / 64f;
    }
    Model model = placement.open(device);
    model.reserve(BATCH);
    Models.setParameter(model, "observer.weight", identity(WIDTH));
    if (placement.afterDense()) {
      float[] weight = new float[WIDTH * BATCH];
      float[] bias = new float[WIDTH];
      for (int j = 0; j < WIDTH; j++) {
        bias[j] = placement.bias ? (random.nextInt(9) - 4) / 16f : 0f;
      }
      for (int row = 0; row < BATCH; row++) {
        for (int j = 0; j < WIDTH; j++) {
          float z = (2 * (random.nextInt(256) - 64) + 1) / 128f;
          weight[j * BATCH + row] = z;
          preActivation[row * WIDTH + j] = z + bias[j];
        }
      }
      Models.setParameter(model, "hidden.weight", weight);
      if (placement.bias) {
        Models.setParameter(model, "hidden.bias", bias);
      }
      model.setInput(identity(BATCH), 0, BATCH);
    } else {
      for (int i = 0; i < SIZE; i++) {
        float x = (float) random.nextGaussian();
        preActivation[i] = x != 0 ? x : 1f;
      }
      model.setInput(preActivation, 0, BATCH);
    }
    model.setLabels(labels, 0, BATCH);

    model.forward(BATCH, false, key(0));
    this.evaluation = Models.output(model, BATCH);
    model.forward(BATCH, false, ~key(0));
    this.evaluationUnderAnotherKey = Models.output(model, BATCH);
    this.training = new float[KEYS][];
    float[] gradient = null;
    for (int k = 0; k < KEYS; k++) {
      model.forward(BATCH, true, key(k));
      training[k] = Models.output(model, BATCH);
      if (k == 0) {
        model.lossAndGradient(BATCH);
        model.backward(BATCH);
        gradient = placement.afterDense()
            ? transpose(Models.gradientValues(model, "hidden.weight"), WIDTH, BATCH)
            : Models.gradientValues(model, "observer.weight");
      }
    }
    this.gradient = gradient;
  }

  /** The runs of every placement on {@code kind}, made on first use. */
  static synchronized Map<DropoutPlacement, DropoutRun> on(TestDevices kind) {
    return RUNS.computeIfAbsent(kind, DropoutRun::runAll);
  }

  /** The rng key of the k-th training forward. */
  static long key(int k) {
    return 0x243F6A8885A308D3L + 0x9E3779B97F4A7C15L * k;
  }

  private static Map<DropoutPlacement, DropoutRun> runAll(TestDevices kind) {
    Map<DropoutPlacement, DropoutRun> runs = new EnumMap<>(DropoutPlacement.class);
    try (Device device = kind.open()) {
      for (DropoutPlacement placement : DropoutPlacement.values()) {
        runs.put(placement, new DropoutRun(device, placement));
      }
    }
    return runs;
  }

  private static float[] identity(int n) {
    float[] values = new float[n * n];
    for (int i = 0; i < n; i++) {
      values[i * n + i] = 1f;
    }
    return values;
  }

  /** {@code (rows, columns)} row-major to {@code (columns, rows)}. */
  private static float[] transpose(float[] values, int rows, int columns) {
    float[] t = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        t[c * rows + r] = values[r * columns + c];
      }
    }
    return t;
  }
}
