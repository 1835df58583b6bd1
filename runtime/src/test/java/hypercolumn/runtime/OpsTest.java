package hypercolumn.runtime;

import static hypercolumn.testing.Tolerance.assertWithin;

import hypercolumn.runtime.cpu.CpuDevice;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The named-operand entry points compute what their names say, at their slices' offsets. The
 * oracle is a plain reference in the test, summing in double: {@code y = x W^T}, {@code dW = dY^T
 * x}, {@code dX = dY W}, column sums, softmax and its backward, mean squared error.
 */
class OpsTest {
  private static final int BATCH = 3;
  private static final int IN = 4;
  private static final int OUT = 5;
  private static final Random RANDOM = new Random(17);

  private static float[] random(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) RANDOM.nextGaussian();
    }
    return values;
  }

  /** A tensor holding {@code values} from element {@code at}, with other values around them. */
  private static Slice slice(Device device, float[] values, int at) {
    Tensor tensor = device.allocate(at + values.length + 2);
    device.upload(random(at + values.length + 2), 0, tensor, 0, at + values.length + 2);
    device.upload(values, 0, tensor, at, values.length);
    return new Slice(tensor, at);
  }

  private static float[] read(Device device, Slice slice, int count) {
    float[] values = new float[count];
    device.download(slice.tensor(), slice.offset(), values, 0, count);
    return values;
  }

  @Test
  void linearIsTheInputTimesTheWeightTransposed() {
    try (Device device = new CpuDevice(1)) {
      float[] x = random(BATCH * IN);
      float[] w = random(OUT * IN);
      Slice y = slice(device, new float[BATCH * OUT], 3);
      Ops.linear(device, BATCH, IN, OUT, slice(device, x, 2), slice(device, w, 1), y);
      double[] reference = new double[BATCH * OUT];
      for (int b = 0; b < BATCH; b++) {
        for (int o = 0; o < OUT; o++) {
          for (int i = 0; i < IN; i++) {
            reference[b * OUT + o] += (double) x[b * IN + i] * w[o * IN + i];
          }
        }
      }
      assertWithin("y = x W^T", reference, read(device, y, BATCH * OUT), 1e-6);
    }
  }

  @Test
  void theWeightGradientIsTheOutputGradientTransposedTimesTheInput() {
    try (Device device = new CpuDevice(1)) {
      float[] dy = random(BATCH * OUT);
      float[] x = random(BATCH * IN);
      Slice dw = slice(device, random(OUT * IN), 4); // overwritten, not accumulated
      Ops.linearWeightGradient(device, BATCH, IN, OUT, slice(device, dy, 1), slice(device, x, 2), dw);
      double[] reference = new double[OUT * IN];
      for (int o = 0; o < OUT; o++) {
        for (int i = 0; i < IN; i++) {
          for (int b = 0; b < BATCH; b++) {
            reference[o * IN + i] += (double) dy[b * OUT + o] * x[b * IN + i];
          }
        }
      }
      assertWithin("dW = dY^T x", reference, read(device, dw, OUT * IN), 1e-6);
    }
  }

  @Test
  void theInputGradientIsTheOutputGradientTimesTheWeight() {
    try (Device device = new CpuDevice(1)) {
      float[] dy = random(BATCH * OUT);
      float[] w = random(OUT * IN);
      Slice dx = slice(device, random(BATCH * IN), 2);
      Ops.linearInputGradient(device, BATCH, IN, OUT, slice(device, dy, 3), slice(device, w, 0), dx);
      double[] reference = new double[BATCH * IN];
      for (int b = 0; b < BATCH; b++) {
        for (int i = 0; i < IN; i++) {
          for (int o = 0; o < OUT; o++) {
            reference[b * IN + i] += (double) dy[b * OUT + o] * w[o * IN + i];
          }
        }
      }
      assertWithin("dX = dY W", reference, read(device, dx, BATCH * IN), 1e-6);
    }
  }

  @Test
  void sumRowsOverwritesEachColumnsSum() {
    try (Device device = new CpuDevice(1)) {
      float[] values = random(BATCH * OUT);
      Slice sums = slice(device, random(OUT), 1);
      Ops.sumRows(device, BATCH, OUT, slice(device, values, 2), sums);
      double[] reference = new double[OUT];
      for (int b = 0; b < BATCH; b++) {
        for (int o = 0; o < OUT; o++) {
          reference[o] += values[b * OUT + o];
        }
      }
      assertWithin("column sums", reference, read(device, sums, OUT), 1e-6);
    }
  }

  @Test
  void softmaxAndItsBackwardRunInPlace() {
    try (Device device = new CpuDevice(1)) {
      float[] logits = random(BATCH * OUT);
      float[] dy = random(BATCH * OUT);
      Slice y = slice(device, logits, 2);
      Slice gradient = slice(device, dy, 1);
      Ops.softmax(device, BATCH, OUT, y);
      Ops.softmaxBackward(device, BATCH, OUT, y, gradient);
      double[] probabilities = new double[BATCH * OUT];
      double[] dx = new double[BATCH * OUT];
      for (int b = 0; b < BATCH; b++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < OUT; o++) {
          max = Math.max(max, logits[b * OUT + o]);
        }
        double total = 0;
        for (int o = 0; o < OUT; o++) {
          total += Math.exp(logits[b * OUT + o] - max);
        }
        double dot = 0;
        for (int o = 0; o < OUT; o++) {
          probabilities[b * OUT + o] = Math.exp(logits[b * OUT + o] - max) / total;
          dot += dy[b * OUT + o] * probabilities[b * OUT + o];
        }
        for (int o = 0; o < OUT; o++) {
          dx[b * OUT + o] = probabilities[b * OUT + o] * (dy[b * OUT + o] - dot);
        }
      }
      assertWithin("softmax", probabilities, read(device, y, BATCH * OUT), 1e-6);
      assertWithin("softmax backward", dx, read(device, gradient, BATCH * OUT), 1e-6);
    }
  }

  @Test
  void meanSquaredErrorWritesItsGradientOnlyWhenAsked() {
    try (Device device = new CpuDevice(1)) {
      float[] output = random(BATCH * OUT);
      float[] labels = random(BATCH * OUT);
      float[] untouched = random(BATCH * OUT);
      Slice gradient = slice(device, untouched, 1);
      double loss = 0;
      double[] reference = new double[BATCH * OUT];
      for (int i = 0; i < output.length; i++) {
        double d = (double) output[i] - labels[i];
        loss += d * d / output.length;
        reference[i] = 2 * d / output.length;
      }
      float alone = Ops.meanSquaredError(device, BATCH * OUT, slice(device, output, 2), slice(device, labels, 0),
          Ops.NO_GRADIENT);
      assertWithin("mse", loss, alone, 1e-6);
      float withGradient = Ops.meanSquaredError(device, BATCH * OUT, slice(device, output, 2), slice(device, labels, 0),
          gradient);
      assertWithin("mse with its gradient", loss, withGradient, 1e-6);
      assertWithin("mse gradient", reference, read(device, gradient, BATCH * OUT), 1e-6);
      if (Arrays.equals(untouched, read(device, gradient, BATCH * OUT))) {
        throw new AssertionError("the gradient was not written");
      }
    }
  }
}
