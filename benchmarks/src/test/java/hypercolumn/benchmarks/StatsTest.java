package hypercolumn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.runtime.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/**
 * The harness's statistics on fixed inputs, against values worked out by hand (chosen to be
 * exact in binary, so the checks are exact); the benchmarks themselves run from bench.sh only,
 * and no test asserts a speed.
 */
class StatsTest {
  @Test
  void medianOfOddAndEvenCountsIgnoresOrder() {
    assertEquals(3.0, Stats.median(new double[] {5, 1, 3}));
    assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
    assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
  }

  @Test
  void gflopsAreOperationsPerNanosecond() {
    // An 8x8x8 product is 2 * 8^3 = 1024 operations; 1000 of them in 1.024 ms are 1 GFLOP/s.
    double flops = 2.0 * 8 * 8 * 8;
    assertEquals(1.0, Stats.gflops(flops, 1000, 1_024_000));
    assertEquals(2.0, Stats.gflops(flops, 1000, 512_000));
    assertEquals(0.5, Stats.gflops(flops, 1000, 2_048_000));
    // One 2048^3 product (2 * 2^33 operations) in half a second.
    assertEquals(34.359738368, Stats.gflops(2.0 * 2048 * 2048 * 2048, 1, 500_000_000));
    assertThrows(IllegalArgumentException.class, () -> Stats.gflops(flops, 1, 0));
  }

  @Test
  void theReportedRateIsTheMedianOfTheRoundsRates() {
    // Rounds of 1000 8x8x8 products timed at 1.024, 0.512 and 2.048 ms: 1, 2 and 0.5 GFLOP/s.
    double flops = 2.0 * 8 * 8 * 8;
    double[] rounds = {
      Stats.gflops(flops, 1000, 1_024_000), Stats.gflops(flops, 1000, 512_000), Stats.gflops(flops, 1000, 2_048_000)
    };
    assertEquals(1.0, Stats.median(rounds));
  }

  @Test
  void samplesPerSecondOfATimedPass() {
    assertEquals(40_000.0, Stats.perSecond(10_000, 250_000_000));
    assertEquals(1_000_000.0, Stats.perSecond(1, 1_000));
    assertThrows(IllegalArgumentException.class, () -> Stats.perSecond(10, -5));
  }

  @Test
  void theBenchmarkedNetworkHasTheMlpShape() {
    try (CpuDevice device = new CpuDevice(1)) {
      BenchMlpNet net = new BenchMlpNet(device);
      assertEquals(784, net.inputSize());
      assertEquals(10, net.outputSize());
    }
  }
}
