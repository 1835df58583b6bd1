package hypercolumn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.runtime.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/** The harness pieces, cheaply; the benchmarks themselves run from bench.sh only. */
class StatsTest {
  @Test
  void medianOfOddAndEvenCountsIgnoresOrder() {
    assertEquals(3.0, Stats.median(new double[] {5, 1, 3}));
    assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
    assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
  }

  @Test
  void theBenchmarkedNetworkHasTheMlpShape() {
    try (CpuDevice device = new CpuDevice(1)) {
      BenchMlpNet net = new BenchMlpNet(device);
      assertEquals(784, net.inputSize());
      assertEquals(10, net.outputSize());
    }
  }

  @Test
  void aSmallGemmMeasurementIsPositive() {
    try (CpuDevice device = new CpuDevice(1)) {
      double gflops = GemmBenchmark.measure(device, false, true, 8, 8, 8);
      assertEquals(true, gflops > 0 && Double.isFinite(gflops), "gflops " + gflops);
    }
  }
}
