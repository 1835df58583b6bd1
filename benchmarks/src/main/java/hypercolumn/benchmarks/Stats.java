package hypercolumn.benchmarks;

import java.util.Arrays;

/** Small statistics for benchmark samples. */
final class Stats {
  private Stats() {}

  /** The median of the values; the mean of the middle two for an even count. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** GFLOP/s of {@code reps} runs of {@code flops} floating-point operations in {@code nanos}. */
  static double gflops(double flops, long reps, long nanos) {
    if (nanos <= 0) {
      throw new IllegalArgumentException("a timed round must last > 0 ns, found " + nanos);
    }
    return flops * reps / nanos; // operations per nanosecond are GFLOP/s
  }

  /** Items per second of {@code count} items in {@code nanos}. */
  static double perSecond(long count, long nanos) {
    if (nanos <= 0) {
      throw new IllegalArgumentException("a timed pass must last > 0 ns, found " + nanos);
    }
    return count / (nanos / 1e9);
  }
}
