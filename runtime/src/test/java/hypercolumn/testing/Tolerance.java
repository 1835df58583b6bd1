package hypercolumn.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one tolerance check of the test suites: {@code max|actual - reference| <= tol * max(1,
 * max|reference|)}, which fails on NaN and on infinity in either operand.
 *
 * <p>The scale is the largest magnitude of the whole reference, not of each element, so values
 * that are zero up to rounding do not fail a relative test, and the floor of 1 keeps a tiny
 * reference from demanding more than float32 can give. A reference that is not finite is a
 * broken oracle and fails too. On failure the message names the worst element, its two values,
 * the largest difference and the bound, as llm.c's test does.
 */
public final class Tolerance {
  private Tolerance() {}

  public static void assertWithin(String what, float[] reference, float[] actual, double tol) {
    assertWithin(what, toDouble(reference), toDouble(actual), tol);
  }

  public static void assertWithin(String what, double[] reference, float[] actual, double tol) {
    assertWithin(what, reference, toDouble(actual), tol);
  }

  public static void assertWithin(String what, double reference, double actual, double tol) {
    assertWithin(what, new double[] {reference}, new double[] {actual}, tol);
  }

  public static void assertWithin(String what, double[] reference, double[] actual, double tol) {
    String problem = problem(reference, actual, tol);
    if (problem != null) {
      fail(what + ": " + problem);
    }
  }

  /** Whether the check holds, for tests that assert the check itself fails. */
  public static boolean within(double[] reference, double[] actual, double tol) {
    return problem(reference, actual, tol) == null;
  }

  /** What is wrong with {@code actual} against {@code reference}, or null when it is within tol. */
  static String problem(double[] reference, double[] actual, double tol) {
    if (!(tol >= 0)) {
      throw new IllegalArgumentException("tolerance must be a number >= 0, found " + tol);
    }
    if (reference.length != actual.length) {
      return "expected " + reference.length + " values, found " + actual.length;
    }
    double scale = 1;
    for (int i = 0; i < reference.length; i++) {
      if (!Double.isFinite(reference[i])) {
        return "the reference holds " + reference[i] + " at [" + i + "]";
      }
      scale = Math.max(scale, Math.abs(reference[i]));
    }
    double bound = tol * scale;
    int worst = -1;
    double largest = 0;
    int beyond = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isFinite(actual[i])) {
        return "found " + actual[i] + " at [" + i + "] where the reference holds " + reference[i];
      }
      double difference = Math.abs(actual[i] - reference[i]);
      if (difference > bound) {
        beyond++;
      }
      if (worst < 0 || difference > largest) {
        worst = i;
        largest = difference;
      }
    }
    if (beyond == 0) {
      return null;
    }
    return String.format(
        "%d of %d values differ by more than %.3g (tol %.1e * max(1, max|reference| = %.6g)); "
            + "worst at [%d]: reference %.9g, found %.9g, difference %.3g",
        beyond, actual.length, bound, tol, scale, worst, reference[worst], actual[worst], largest);
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
