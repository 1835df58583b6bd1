package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static hypercolumn.tests.DeviceArrays.bits;
import static hypercolumn.tests.DeviceArrays.gaussian;
import static hypercolumn.tests.DeviceArrays.read;
import static hypercolumn.tests.DeviceArrays.slice;
import static hypercolumn.tests.DeviceArrays.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each loss of the device and the regularizer, in both forms (returning the value, and writing
 * it to a result tensor on the device), with and without the gradient, against plain
 * references written here in double from the textbook definitions: cross-entropy as
 * {@code log sum exp - x_label}, binary cross-entropy as {@code -t log s - (1 - t) log (1 - s)}
 * through a stable softplus, the perceptron criterion by counting. Counts above 1024 reach the
 * strided partial sums of the CUDA device's reduction; offsets and a result slot inside a larger
 * tensor catch a wrong base address.
 */
class LossOperationsOracleTest {
  /** A mean of float32 terms, and gradients of order 1 / count, as a fraction of max(1, value). */
  private static final double LOSS = 1e-6;

  private final Random random = new Random(77);

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void softmaxCrossEntropyOfLogitsIsTheMeanOfLogSumExpMinusTheLabelsLogit(TestDevices kind) {
    try (Device device = kind.open()) {
      for (int[] shape : new int[][] {{37, 10}, {1500, 3}, {1, 1}}) {
        int rows = shape[0];
        int classes = shape[1];
        float[] x = gaussian(random, 2 + rows * classes, 3);
        float[] labels = labels(rows, classes, 1);
        double loss = 0;
        double[] gradient = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
          double sum = 0;
          for (int j = 0; j < classes; j++) {
            sum += Math.exp(x[2 + r * classes + j]);
          }
          int label = (int) labels[1 + r];
          loss += Math.log(sum) - x[2 + r * classes + label];
          for (int j = 0; j < classes; j++) {
            double p = Math.exp(x[2 + r * classes + j]) / sum;
            gradient[r * classes + j] = (p - (j == label ? 1 : 0)) / rows;
          }
        }
        check(device, "cross-entropy of logits " + rows + "x" + classes, loss / rows, gradient,
            (g, result) -> result == null
                ? device.softmaxCrossEntropy(tensor(device, x), 2, tensor(device, labels), 1,
                    rows, classes, false, g, 3)
                : call(() -> device.softmaxCrossEntropy(tensor(device, x), 2,
                    tensor(device, labels), 1, rows, classes, false, g, 3, result, 5)));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void softmaxCrossEntropyOfProbabilitiesIsMinusTheMeanLogOfTheLabelsProbability(TestDevices kind) {
    int rows = 1200;
    int classes = 4;
    float[] z = gaussian(random, rows * classes, 2);
    double[] exact = DeviceOperationsOracleTest.softmax(z, 0, rows, classes);
    float[] p = new float[rows * classes];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) exact[i];
    }
    float[] labels = labels(rows, classes, 0);
    double loss = 0;
    double[] gradient = new double[rows * classes];
    for (int r = 0; r < rows; r++) {
      int label = (int) labels[r];
      loss -= Math.log(p[r * classes + label]);
      // The gradient of the logits the softmax had: the loss folds the softmax's Jacobian in.
      for (int j = 0; j < classes; j++) {
        gradient[r * classes + j] = (p[r * classes + j] - (j == label ? 1 : 0)) / (double) rows;
      }
    }
    try (Device device = kind.open()) {
      check(device, "cross-entropy of probabilities", loss / rows, gradient,
          (g, result) -> result == null
              ? device.softmaxCrossEntropy(tensor(device, p), 0, tensor(device, labels), 0, rows,
                  classes, true, g, 3)
              : call(() -> device.softmaxCrossEntropy(tensor(device, p), 0,
                  tensor(device, labels), 0, rows, classes, true, g, 3, result, 5)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void aLabelThatIsNotAClassIndexNamesItsRow(TestDevices kind) {
    try (Device device = kind.open()) {
      Tensor x = device.allocate(4 * 10);
      Tensor labels = tensor(device, new float[] {1, 2, 10, 0});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> device.softmaxCrossEntropy(x, 0, labels, 0, 4, 10, false, null, 0));
      assertEquals("label of row 2 must be a class index in [0, 10), found 10.0", e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void binaryCrossEntropyWithLogitsIsTheMeanNegativeLogLikelihoodOfTheSigmoid(TestDevices kind) {
    int count = 3001;
    float[] x = gaussian(random, 1 + count, 3);
    x[1] = 200f; // log(1 - sigmoid(200)) is -200 only if computed without forming 1 - s
    x[2] = -200f;
    float[] t = bits(random, 2 + count);
    t[2] = 0;
    t[3] = 1;
    double loss = 0;
    double[] gradient = new double[count];
    for (int i = 0; i < count; i++) {
      double xi = x[1 + i];
      double ti = t[2 + i];
      // -log s = softplus(-x), -log(1 - s) = softplus(x)
      loss += ti * softplus(-xi) + (1 - ti) * softplus(xi);
      gradient[i] = (1 / (1 + Math.exp(-xi)) - ti) / count;
    }
    try (Device device = kind.open()) {
      check(device, "binary cross-entropy", loss / count, gradient,
          (g, result) -> result == null
              ? device.binaryCrossEntropyWithLogits(tensor(device, x), 1, tensor(device, t), 2,
                  count, g, 3)
              : call(() -> device.binaryCrossEntropyWithLogits(tensor(device, x), 1,
                  tensor(device, t), 2, count, g, 3, result, 5)));
    }
  }

  private static double softplus(double z) {
    return z > 30 ? z : Math.log(1 + Math.exp(z));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void meanSquaredErrorIsTheMeanOfSquaredDifferences(TestDevices kind) {
    int count = 3001;
    float[] y = gaussian(random, 1 + count, 2);
    float[] t = gaussian(random, 2 + count, 2);
    double loss = 0;
    double[] gradient = new double[count];
    for (int i = 0; i < count; i++) {
      double d = (double) y[1 + i] - t[2 + i];
      loss += d * d;
      gradient[i] = 2 * d / count;
    }
    try (Device device = kind.open()) {
      check(device, "mean squared error", loss / count, gradient,
          (g, result) -> result == null
              ? device.meanSquaredError(tensor(device, y), 1, tensor(device, t), 2, count, g, 3)
              : call(() -> device.meanSquaredError(tensor(device, y), 1, tensor(device, t), 2,
                  count, g, 3, result, 5)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void perceptronCriterionIsTheFractionOfWrongOutputsWithTheErrorPerRow(TestDevices kind) {
    int rows = 61;
    int columns = 50;
    int count = rows * columns;
    float[] y = bits(random, 1 + count);
    float[] t = bits(random, 2 + count);
    int wrong = 0;
    double[] gradient = new double[count];
    for (int i = 0; i < count; i++) {
      wrong += y[1 + i] != t[2 + i] ? 1 : 0;
      gradient[i] = ((double) y[1 + i] - t[2 + i]) / rows;
    }
    try (Device device = kind.open()) {
      check(device, "perceptron criterion", (double) wrong / count, gradient,
          (g, result) -> result == null
              ? device.perceptronCriterion(tensor(device, y), 1, tensor(device, t), 2, rows,
                  columns, g, 3)
              : call(() -> device.perceptronCriterion(tensor(device, y), 1, tensor(device, t), 2,
                  rows, columns, g, 3, result, 5)));
    }
  }

  /** A loss call: with {@code result} null the returning form, else the one writing there. */
  private interface LossCall {
    float run(Tensor gradient, Tensor result);
  }

  private static float call(Runnable work) {
    work.run();
    return Float.NaN;
  }

  /**
   * Runs the loss in its four forms: returning or writing to a result slot, each without and
   * with a gradient (at offset 3 of a tensor filled with NaN, which must be overwritten).
   */
  private static void check(Device device, String what, double loss, double[] gradient,
      LossCall call) {
    for (boolean toResult : new boolean[] {false, true}) {
      for (boolean withGradient : new boolean[] {false, true}) {
        String form = what + (toResult ? " into a result tensor" : "")
            + (withGradient ? " with its gradient" : "");
        float[] sentinel = new float[3 + gradient.length + 2];
        Arrays.fill(sentinel, Float.NaN);
        Tensor g = withGradient ? tensor(device, sentinel) : null;
        float[] resultInit = {1, 2, 3, 4, 5, 6, 7, 8};
        Tensor result = toResult ? tensor(device, resultInit) : null;
        float value = call.run(g, result);
        if (toResult) {
          float[] slots = read(device, result);
          value = slots[5];
          slots[5] = 6;
          assertArrayEquals(resultInit, slots, form + ": the result tensor outside its slot");
        }
        assertWithin(form + ": loss", loss, value, LOSS);
        if (withGradient) {
          float[] written = read(device, g);
          assertWithin(form + ": gradient", gradient,
              Arrays.copyOfRange(written, 3, 3 + gradient.length), LOSS);
          for (int i : new int[] {0, 1, 2, written.length - 2, written.length - 1}) {
            assertEquals(Float.NaN, written[i], form + ": gradient element " + i + " was written");
          }
        }
      }
    }
  }

  /** {@code pad} zeros, then {@code rows} random class indices. */
  private float[] labels(int rows, int classes, int pad) {
    float[] labels = new float[pad + rows];
    for (int r = 0; r < rows; r++) {
      labels[pad + r] = random.nextInt(classes);
    }
    return labels;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void regularizeAddsL1SignAndTwiceL2WToTheGradientsAndReturnsThePenalty(TestDevices kind) {
    int size = 120_000;
    int offset = 100;
    int count = 100_000; // the CPU device splits it between threads
    float[] w = gaussian(random, size, 0.8);
    w[offset] = 0; // sign(0) is 0
    w[offset + 1] = -0f;
    float[] g = gaussian(random, size, 1);
    float[][] penalties = {{1e-3f, 0f}, {0f, 1e-2f}, {3e-3f, 2e-2f}};
    try (Device device = kind.open()) {
      for (float[] l : penalties) {
        double l1 = l[0];
        double l2 = l[1];
        double penalty = 0;
        double[] expected = slice(g, 0, size);
        for (int i = offset; i < offset + count; i++) {
          penalty += l1 * Math.abs(w[i]) + l2 * w[i] * w[i];
          double sign = w[i] > 0 ? 1 : w[i] < 0 ? -1 : 0;
          expected[i] = g[i] + l1 * sign + 2 * l2 * w[i];
        }
        String what = "regularize l1=" + l[0] + " l2=" + l[1];
        for (boolean toResult : new boolean[] {false, true}) {
          Tensor gradients = tensor(device, g);
          float value;
          if (toResult) {
            Tensor result = device.allocate(3);
            device.regularize(tensor(device, w), gradients, offset, count, l[0], l[1], result, 1);
            value = read(device, result)[1];
          } else {
            value = device.regularize(tensor(device, w), gradients, offset, count, l[0], l[1]);
          }
          assertWithin(what + (toResult ? " into a result tensor" : "") + ": penalty", penalty,
              value, 1e-6);
          float[] actual = read(device, gradients);
          assertWithin(what + ": gradients", expected, actual, 1e-6);
          for (int i : new int[] {0, offset - 1, offset + count, size - 1}) {
            assertEquals(g[i], actual[i], what + ": gradient " + i + " outside the range");
          }
        }
      }
    }
  }
}
