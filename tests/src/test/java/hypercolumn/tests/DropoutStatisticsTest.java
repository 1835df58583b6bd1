package hypercolumn.tests;

import static hypercolumn.tests.DropoutNetworks.BATCH;
import static hypercolumn.tests.DropoutNetworks.WIDTH;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hypercolumn.Activation;
import hypercolumn.testing.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dropout against its definition, at every place it can stand ({@link DropoutPlacement}) and at
 * rates 0.25 and 0.6, on every device. The oracle is {@link DropoutReference}: PyTorch's inverted
 * dropout (keep with probability 1 - p, multiply a kept value by the float32 scale 1 / (1 - p),
 * identity in evaluation) and the activations, written in the test. The mask is read from the
 * training output: where the dropout's input is not 0, a value is kept iff its output is not 0.
 * Statistical checks allow 5 standard deviations; the keys are fixed, so they pass or fail the
 * same way every run.
 */
class DropoutStatisticsTest {
  private static final int KEPT = 1;
  private static final int DROPPED = 0;
  /** The dropout's input is 0, so the output does not show the mask. */
  private static final int UNSEEN = -1;
  /** B * WIDTH / 2, a power of two: the mean-squared-error gradient times it is of order 1. */
  private static final float HALF_SIZE = DropoutRun.SIZE / 2f;

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void evaluationIsTheIdentity(TestDevices device) {
    forEachPlacement(device, run -> {
      double[] reference = DropoutReference.dropoutInput(run.placement, run.preActivation);
      if (run.placement.inputExactlyKnown()) {
        assertArrayEquals(toFloat(reference), run.evaluation, "evaluation output against the input of the dropout");
      } else {
        Tolerance.assertWithin("evaluation output against the activation", reference, run.evaluation, 1e-5);
      }
      assertArrayEquals(run.evaluation, run.evaluationUnderAnotherKey, "evaluation depends on the key");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void keptValuesAreScaledByOneOverOneMinusPInFloat32AndDroppedValuesAreZero(TestDevices device) {
    forEachPlacement(device, run -> {
      float[] x = dropoutInput(run);
      float scale = DropoutReference.scale(run.placement.rate);
      int kept = 0;
      int wrong = 0;
      String first = null;
      for (int k = 0; k < DropoutRun.KEYS; k++) {
        for (int i = 0; i < DropoutRun.SIZE; i++) {
          float out = run.training[k][i];
          if (x[i] == 0 || out == 0) {
            continue;
          }
          kept++;
          float expected = x[i] * scale;
          if (Float.floatToIntBits(out) != Float.floatToIntBits(expected)) {
            wrong++;
            if (first == null) {
              first = String.format("key %d, row %d, column %d: input %s, expected input * %s = %s, found %s (input * %s)",
                  k, i / WIDTH, i % WIDTH, x[i], scale, expected, out, out / x[i]);
            }
          }
        }
      }
      assertEquals(0, wrong, wrong + " of " + kept + " values are neither 0 nor input * (1 / (1 - p)); first " + first);
      assertTrue(kept > DropoutRun.KEYS * DropoutRun.SIZE / 10, "only " + kept + " values kept: nothing to check");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void dropoutKeepsOneMinusPOfValues(TestDevices device) {
    forEachPlacement(device, run -> {
      long draws = 0;
      long kept = 0;
      for (int k = 0; k < DropoutRun.KEYS; k++) {
        int[] mask = mask(run, k);
        for (int m : mask) {
          draws += m == UNSEEN ? 0 : 1;
          kept += m == KEPT ? 1 : 0;
        }
      }
      assertTrue(draws >= 100_000, "only " + draws + " draws");
      assertWithinFiveSigma("values kept", kept, draws, 1 - run.placement.rate);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void backwardRoutesTheGradientThroughTheForwardMask(TestDevices device) {
    forEachPlacement(device, run -> {
      // MSE is the mean over B * WIDTH outputs, so its gradient is 2 (out - label) / (B * WIDTH);
      // both sides are compared times HALF_SIZE, where the output gradient is out - label.
      int[] mask = mask(run, 0);
      float[] out = run.training[0];
      double scale = DropoutReference.scale(run.placement.rate);
      double[] outputGradient = new double[DropoutRun.SIZE];
      for (int i = 0; i < outputGradient.length; i++) {
        outputGradient[i] = (double) out[i] - run.labels[i];
      }
      float[] actual = run.gradient.clone();
      for (int i = 0; i < actual.length; i++) {
        actual[i] *= HALF_SIZE;
      }
      if (!run.placement.afterDense()) {
        Tolerance.assertWithin("observer.weight gradient from the dropped input",
            inputDropoutWeightGradient(run, mask, outputGradient, scale), actual, 1e-5);
        return;
      }
      double[] reference = new double[DropoutRun.SIZE];
      int seen = 0;
      for (int i = 0; i < reference.length; i++) {
        if (mask[i] == UNSEEN) {
          // A zero input hides the mask; ReLU's has derivative 0, so its gradient is 0 either way.
          continue;
        }
        seen++;
        reference[i] = mask[i] == KEPT ? outputGradient[i] * scale : 0;
        if (mask[i] == DROPPED && run.placement.activation != Activation.SOFTMAX) {
          assertEquals(0f, run.gradient[i], "gradient of a dropped value at row " + i / WIDTH + ", column " + i % WIDTH);
        }
      }
      assertTrue(seen >= DropoutRun.SIZE / 2, "the mask shows at only " + seen + " values");
      if (run.placement.activation == Activation.SOFTMAX) {
        reference = softmaxBackward(DropoutReference.dropoutInput(run.placement, run.preActivation), reference);
      } else {
        for (int i = 0; i < reference.length; i++) {
          reference[i] *= DropoutReference.derivative(run.placement, run.preActivation[i]);
        }
      }
      Tolerance.assertWithin("gradient of the pre-activation times B * WIDTH / 2", reference, actual, 1e-5);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void masksDifferAcrossKeysAndElementsAreKeptIndependently(TestDevices device) {
    forEachPlacement(device, run -> {
      int[][] masks = new int[DropoutRun.KEYS][];
      for (int k = 0; k < DropoutRun.KEYS; k++) {
        masks[k] = mask(run, k);
        assertNoTwoRowsShareAMask(masks[k], k);
      }
      double q = (1 - run.placement.rate) * (1 - run.placement.rate);
      PairCount acrossKeys = new PairCount();
      PairCount alongRows = new PairCount();
      PairCount downColumns = new PairCount();
      for (int k = 0; k < DropoutRun.KEYS; k++) {
        if (k % 2 == 0) {
          int differ = 0;
          for (int i = 0; i < DropoutRun.SIZE; i++) {
            acrossKeys.add(masks[k][i], masks[k + 1][i]);
            differ += masks[k][i] != masks[k + 1][i] ? 1 : 0;
          }
          assertTrue(differ > 0, "keys " + k + " and " + (k + 1) + " gave the same mask");
        }
        for (int row = 0; row < BATCH; row++) {
          for (int column = 0; column < WIDTH; column++) {
            int i = row * WIDTH + column;
            if (column % 2 == 0) {
              alongRows.add(masks[k][i], masks[k][i + 1]);
            }
            if (row % 2 == 0) {
              downColumns.add(masks[k][i], masks[k][i + WIDTH]);
            }
          }
        }
      }
      // Disjoint pairs of independent draws: each pair is kept twice with probability (1 - p)^2.
      assertWithinFiveSigma("pairs kept under keys 2k and 2k + 1", acrossKeys.bothKept, acrossKeys.pairs, q);
      assertWithinFiveSigma("pairs kept at columns 2c and 2c + 1", alongRows.bothKept, alongRows.pairs, q);
      assertWithinFiveSigma("pairs kept at rows 2r and 2r + 1", downColumns.bothKept, downColumns.pairs, q);
    });
  }

  /** Runs {@code check} on every placement's run on {@code device}, reporting every failure. */
  private static void forEachPlacement(TestDevices device, Consumer<DropoutRun> check) {
    List<Executable> checks = new ArrayList<>();
    for (DropoutRun run : DropoutRun.on(device).values()) {
      checks.add(() -> {
        try {
          check.accept(run);
        } catch (AssertionError e) {
          fail(run.placement + ", rate " + run.placement.rate + ": " + e.getMessage(), e);
        }
      });
    }
    assertAll(device.name(), checks);
  }

  /**
   * The dropout's input in float32: the reference where it is exact (the evaluation test holds
   * the device to it), else the device's own activation, read from the evaluation output.
   */
  private static float[] dropoutInput(DropoutRun run) {
    return run.placement.inputExactlyKnown()
        ? toFloat(DropoutReference.dropoutInput(run.placement, run.preActivation))
        : run.evaluation;
  }

  /** {@link #KEPT}, {@link #DROPPED} or {@link #UNSEEN} for each value of training forward k. */
  private static int[] mask(DropoutRun run, int k) {
    float[] x = dropoutInput(run);
    int[] mask = new int[DropoutRun.SIZE];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = x[i] == 0 ? UNSEEN : run.training[k][i] != 0 ? KEPT : DROPPED;
    }
    return mask;
  }

  /** Fails if two rows agree wherever both show their mask (at least 32 columns). */
  private static void assertNoTwoRowsShareAMask(int[] mask, int key) {
    for (int a = 0; a < BATCH; a++) {
      for (int b = a + 1; b < BATCH; b++) {
        int compared = 0;
        boolean differ = false;
        for (int column = 0; column < WIDTH && !differ; column++) {
          int ma = mask[a * WIDTH + column];
          int mb = mask[b * WIDTH + column];
          if (ma != UNSEEN && mb != UNSEEN) {
            compared++;
            differ = ma != mb;
          }
        }
        assertTrue(differ || compared < 32, "rows " + a + " and " + b + " share a mask under key " + key);
      }
    }
  }

  /** The observer's weight gradient, sum over rows of dOut[r][j] * dropped input[r][k]. */
  private static double[] inputDropoutWeightGradient(DropoutRun run, int[] mask, double[] outputGradient, double scale) {
    float kept = (float) scale;
    double[] reference = new double[WIDTH * WIDTH];
    for (int row = 0; row < BATCH; row++) {
      for (int j = 0; j < WIDTH; j++) {
        double g = outputGradient[row * WIDTH + j];
        for (int k = 0; k < WIDTH; k++) {
          int i = row * WIDTH + k;
          if (mask[i] == KEPT) {
            reference[j * WIDTH + k] += g * (run.preActivation[i] * kept);
          }
        }
      }
    }
    return reference;
  }

  /** Softmax's backward per row: dz = y (g - sum(g y)). */
  private static double[] softmaxBackward(double[] y, double[] g) {
    double[] dz = new double[g.length];
    for (int row = 0; row < BATCH; row++) {
      double dot = 0;
      for (int j = 0; j < WIDTH; j++) {
        dot += g[row * WIDTH + j] * y[row * WIDTH + j];
      }
      for (int j = 0; j < WIDTH; j++) {
        int i = row * WIDTH + j;
        dz[i] = y[i] * (g[i] - dot);
      }
    }
    return dz;
  }

  /** Fails unless {@code count} of {@code n} draws is within 5 sigma of n q, sigma = sqrt(n q (1 - q)). */
  private static void assertWithinFiveSigma(String what, long count, long n, double q) {
    double expected = n * q;
    double sigma = Math.sqrt(n * q * (1 - q));
    assertTrue(Math.abs(count - expected) <= 5 * sigma, String.format(
        "%s: %d of %d (%.4f), expected %.1f (%.4f) within 5 sigma = %.1f; off by %.1f sigma",
        what, count, n, (double) count / n, expected, q, 5 * sigma, Math.abs(count - expected) / sigma));
  }

  private static float[] toFloat(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  /** Disjoint pairs where both values show their mask, and how many were kept both times. */
  private static final class PairCount {
    long pairs;
    long bothKept;

    void add(int a, int b) {
      if (a != UNSEEN && b != UNSEEN) {
        pairs++;
        bothKept += a == KEPT && b == KEPT ? 1 : 0;
      }
    }
  }
}
