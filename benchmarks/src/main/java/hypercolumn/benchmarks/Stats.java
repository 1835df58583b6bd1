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

  /**
   * The median milliseconds per call of {@code rounds} rounds of about 0.2 s of {@code call},
   * after 1 s of warm-up: ConvBenchmark's and PoolBenchmark's timing.
   */
  static double medianMillis(int rounds, Runnable call) {
    long warmUpEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmUpEnd) {
      call.run();
    }
    double[] millis = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      int calls = 0;
      long start = System.nanoTime();
      long elapsed;
      do {
        call.run();
        calls++;
        elapsed = System.nanoTime() - start;
      } while (elapsed < 200_000_000L);
      millis[r] = elapsed / 1e6 / calls;
    }
    return median(millis);
  }

  /** Items per second of {@code count} items in {@code nanos}. */
  static double perSecond(long count, long nanos) {
    if (nanos <= 0) {
      throw new IllegalArgumentException("a timed pass must last > 0 ns, found " + nanos);
    }
    return count / (nanos / 1e9);
  }
}
