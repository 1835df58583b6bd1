package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/**
 * Element-wise comparison of float arrays that, on failure, reports the largest difference, where
 * it is, and how many elements are out of tolerance, as llm.c's test does.
 */
final class Close {
  private Close() {}

  /**
   * Asserts {@code |actual - expected| <= max(relative * |expected|, absolute)} for every element.
   * The absolute floor keeps values that are zero up to rounding from failing a relative test.
   */
  static void assertClose(String what, float[] expected, float[] actual, double relative, double absolute) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " values, found " + actual.length);
    }
    int worst = -1;
    double worstExcess = 0;
    int failures = 0;
    double largestDifference = 0;
    for (int i = 0; i < expected.length; i++) {
      double difference = Math.abs((double) actual[i] - expected[i]);
      double tolerance = Math.max(relative * Math.abs(expected[i]), absolute);
      largestDifference = Math.max(largestDifference, difference);
      boolean bad = !(difference <= tolerance); // NaN fails
      if (bad) {
        failures++;
        double excess = Double.isNaN(difference) ? Double.POSITIVE_INFINITY : difference / tolerance;
        if (worst < 0 || excess > worstExcess) {
          worst = i;
          worstExcess = excess;
        }
      }
    }
    if (failures > 0) {
      fail(String.format(
          "%s: %d of %d values differ beyond max(%.1e relative, %.1e absolute); worst at [%d]: "
              + "expected %.9g, found %.9g (difference %.3g); largest difference %.3g%n"
              + "expected %s%nfound    %s",
          what, failures, expected.length, relative, absolute, worst, expected[worst], actual[worst],
          Math.abs((double) actual[worst] - expected[worst]), largestDifference,
          Arrays.toString(expected), Arrays.toString(actual)));
    }
  }

  /** Largest absolute difference, for messages. */
  static double largestDifference(float[] a, float[] b) {
    double largest = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      largest = Math.max(largest, Math.abs((double) a[i] - b[i]));
    }
    return largest;
  }
}
