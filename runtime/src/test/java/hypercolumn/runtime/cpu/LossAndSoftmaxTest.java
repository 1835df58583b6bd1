package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Tensor;
import hypercolumn.testing.Tolerance;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LossAndSoftmaxTest {
  private static final CpuDevice DEVICE = new CpuDevice(2);
  private final Random random = new Random(5);

  @AfterAll
  static void close() {
    DEVICE.close();
  }

  @Test
  void softmaxMatchesTheDirectFormulaAndSurvivesLargeLogits() {
    for (int rows : new int[] {3, 300}) { // 300 x 120 is large enough to run on two threads
      int columns = 120;
      float[] x = randoms(rows * columns, 4);
      x[0] = 1000f; // exp(1000) overflows without the max subtraction
      Tensor in = tensor(x);
      Tensor out = DEVICE.allocate(x.length);
      DEVICE.softmax(in, 0, out, 0, rows, columns);
      double[] expected = new double[x.length];
      for (int r = 0; r < rows; r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < columns; j++) {
          max = Math.max(max, x[r * columns + j]);
        }
        double sum = 0;
        for (int j = 0; j < columns; j++) {
          sum += Math.exp(x[r * columns + j] - max);
        }
        for (int j = 0; j < columns; j++) {
          expected[r * columns + j] = Math.exp(x[r * columns + j] - max) / sum;
        }
      }
      Tolerance.assertWithin("softmax of " + rows + " rows", expected, out.hostArray(), 1e-7);
      DEVICE.softmax(in, 0, in, 0, rows, columns); // in place
      assertEquals(out.hostArray()[7], in.hostArray()[7]);
    }
  }

  @Test
  void softmaxBackwardIsTheGradientOfAWeightedSumOfSoftmaxOutputs() {
    int rows = 4;
    int columns = 5;
    float[] x = randoms(rows * columns, 2);
    float[] weights = randoms(rows * columns, 1);
    // L(x) = sum(weights * softmax(x)), so dL/dy = weights.
    ToDoubleFunction<float[]> loss = input -> {
      Tensor y = DEVICE.allocate(input.length);
      DEVICE.softmax(tensor(input), 0, y, 0, rows, columns);
      double total = 0;
      for (int i = 0; i < input.length; i++) {
        total += (double) weights[i] * y.hostArray()[i];
      }
      return total;
    };
    Tensor y = DEVICE.allocate(x.length);
    DEVICE.softmax(tensor(x), 0, y, 0, rows, columns);
    Tensor dx = tensor(weights.clone());
    DEVICE.softmaxBackward(y, 0, dx, 0, dx, 0, rows, columns); // dx may equal dy
    assertMatchesFiniteDifferences(loss, x, dx.hostArray(), 1);
  }

  @Test
  void softmaxCrossEntropyIsTheMeanOverRowsWithItsGradient() {
    int rows = 6;
    int classes = 4;
    float[] x = randoms(rows * classes, 3);
    float[] labels = {0, 3, 1, 2, 2, 0};
    Tensor gradient = DEVICE.allocate(x.length);
    float loss = DEVICE.softmaxCrossEntropy(tensor(x), 0, tensor(labels), 0, rows, classes,
        false, gradient, 0);
    double expected = 0;
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(x[r * classes + j]);
      }
      expected += Math.log(sum) - x[r * classes + (int) labels[r]];
    }
    Tolerance.assertWithin("cross-entropy", expected / rows, loss, 2e-7);
    Tensor labelTensor = tensor(labels);
    assertMatchesFiniteDifferences(
        input -> DEVICE.softmaxCrossEntropy(
            tensor(input), 0, labelTensor, 0, rows, classes, false, null, 0),
        x, gradient.hostArray(), 1);
  }

  @Test
  void softmaxCrossEntropyOnProbabilitiesTakesTheirLog() {
    float[] p = {0.2f, 0.8f, 0.6f, 0.4f};
    float[] labels = {1, 0};
    Tensor gradient = DEVICE.allocate(4);
    float loss = DEVICE.softmaxCrossEntropy(
        tensor(p), 0, tensor(labels), 0, 2, 2, true, gradient, 0);
    Tolerance.assertWithin("cross-entropy of probabilities", -(Math.log(0.8) + Math.log(0.6)) / 2, loss, 2e-7);
    double[] expected = {0.1, -0.1, -0.2, 0.2};
    Tolerance.assertWithin("its gradient", expected, gradient.hostArray(), 2e-7);
  }

  @Test
  void aLabelOutsideTheClassesNamesTheRowTheValueAndTheClassCount() {
    Tensor x = DEVICE.allocate(6);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DEVICE.softmaxCrossEntropy(x, 0, tensor(new float[] {1, 3}), 0, 2, 3, false, null,
            0));
    assertEquals("label of row 1 must be a class index in [0, 3), found 3.0", e.getMessage());
    IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
        () -> DEVICE.softmaxCrossEntropy(x, 0, tensor(new float[] {0.5f, 1}), 0, 2, 3, false,
            null, 0));
    assertTrue(fraction.getMessage().contains("row 0"), fraction.getMessage());
  }

  @Test
  void binaryCrossEntropyWithLogitsIsStableAndMatchesItsGradient() {
    float[] x = {-3f, 0.5f, 2f, -0.1f, 1.5f};
    float[] t = {0, 1, 1, 0, 0};
    Tensor gradient = DEVICE.allocate(x.length);
    Tensor targets = tensor(t);
    float loss = DEVICE.binaryCrossEntropyWithLogits(tensor(x), 0, targets, 0, 5, gradient, 0);
    double expected = 0;
    for (int i = 0; i < x.length; i++) {
      double s = 1 / (1 + Math.exp(-x[i]));
      expected -= t[i] * Math.log(s) + (1 - t[i]) * Math.log(1 - s);
    }
    Tolerance.assertWithin("binary cross-entropy", expected / x.length, loss, 2e-7);
    assertMatchesFiniteDifferences(
        input -> DEVICE.binaryCrossEntropyWithLogits(tensor(input), 0, targets, 0, 5, null, 0),
        x, gradient.hostArray(), 1);
    float huge = DEVICE.binaryCrossEntropyWithLogits(
        tensor(new float[] {-200f, 200f}), 0, tensor(new float[] {1, 0}), 0, 2, null, 0);
    // 1e-3 of 200 at most: the tolerance scales with the reference.
    Tolerance.assertWithin("binary cross-entropy of logits +-200", 200, huge, 5e-6);
  }

  @Test
  void meanSquaredErrorIsTheMeanOverAllElementsWithItsGradient() {
    float[] y = randoms(7, 1);
    float[] t = randoms(7, 1);
    Tensor gradient = DEVICE.allocate(7);
    Tensor targets = tensor(t);
    float loss = DEVICE.meanSquaredError(tensor(y), 0, targets, 0, 7, gradient, 0);
    double expected = 0;
    for (int i = 0; i < 7; i++) {
      expected += (y[i] - t[i]) * (y[i] - t[i]);
    }
    Tolerance.assertWithin("mean squared error", expected / 7, loss, 2e-7);
    assertMatchesFiniteDifferences(
        input -> DEVICE.meanSquaredError(tensor(input), 0, targets, 0, 7, null, 0),
        y, gradient.hostArray(), 1);
  }

  @Test
  void perceptronCriterionCountsMistakesAndPassesTheErrorThrough() {
    float[] y = {1, 0, 1, 1, 0, 0};
    float[] t = {1, 1, 0, 1, 0, 1};
    Tensor gradient = DEVICE.allocate(6);
    float fraction = DEVICE.perceptronCriterion(tensor(y), 0, tensor(t), 0, 3, 2, gradient, 0);
    assertEquals(3f / 6, fraction);
    for (int i = 0; i < 6; i++) {
      assertEquals((y[i] - t[i]) / 3f, gradient.hostArray()[i]);
    }
  }

  @Test
  void regularizeAddsTheL1AndL2GradientAndReturnsThePenalty() {
    for (int count : new int[] {5, 100_000}) {
      float[] w = randoms(count + 3, 1);
      float[] g = randoms(count + 3, 1);
      Tensor gradients = tensor(g.clone());
      float penalty = DEVICE.regularize(tensor(w), gradients, 3, count, 0.01f, 0.02f);
      double expected = 0;
      double[] expectedGradients = new double[count];
      for (int i = 3; i < count + 3; i++) {
        expected += 0.01 * Math.abs(w[i]) + 0.02 * w[i] * w[i];
        expectedGradients[i - 3] = g[i] + 0.01 * Math.signum(w[i]) + 2 * 0.02 * w[i];
      }
      assertEquals(g[0], gradients.hostArray()[0]);
      Tolerance.assertWithin("penalty of " + count, expected, penalty, 1e-6);
      Tolerance.assertWithin("regularized gradients of " + count, expectedGradients,
          java.util.Arrays.copyOfRange(gradients.hostArray(), 3, count + 3), 5e-7);
    }
  }

  @Test
  void sumRowsAddsColumnsToBetaTimesTheOutput() {
    for (int rows : new int[] {3, 400}) {
      int columns = 130;
      float[] x = randoms(rows * columns, 1);
      Tensor out = DEVICE.allocate(columns + 1);
      DEVICE.fill(out, 0, columns + 1, 2f);
      DEVICE.sumRows(tensor(x), 0, rows, columns, 0.5f, out, 1);
      double[] expected = new double[columns];
      for (int j = 0; j < columns; j++) {
        expected[j] = 1;
        for (int i = 0; i < rows; i++) {
          expected[j] += x[i * columns + j];
        }
      }
      assertEquals(2f, out.hostArray()[0]);
      Tolerance.assertWithin("column sums of " + rows + " rows", expected,
          java.util.Arrays.copyOfRange(out.hostArray(), 1, columns + 1), 2e-6);
    }
  }

  /** Central differences in double around float inputs, compared with the analytic gradient. */
  private static void assertMatchesFiniteDifferences(
      ToDoubleFunction<float[]> loss, float[] x, float[] gradient, double scale) {
    double[] numeric = new double[x.length];
    float h = 1e-2f;
    for (int i = 0; i < x.length; i++) {
      float[] plus = x.clone();
      float[] minus = x.clone();
      plus[i] += h;
      minus[i] -= h;
      numeric[i] = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (plus[i] - minus[i]);
    }
    Tolerance.assertWithin("gradient against finite differences", numeric,
        java.util.Arrays.copyOf(gradient, x.length), 1e-4 * scale);
  }

  private float[] randoms(int size, float range) {
    float[] array = new float[size];
    for (int i = 0; i < size; i++) {
      array[i] = (random.nextFloat() * 2 - 1) * range;
    }
    return array;
  }

  private static Tensor tensor(float[] values) {
    Tensor tensor = DEVICE.allocate(values.length);
    DEVICE.upload(values, 0, tensor, 0, values.length);
    return tensor;
  }
}
