package hypercolumn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The single-precision FMA peak of this machine's cores, computed from /proc/cpuinfo (not
 * measured): cores x clock x 2 FMA units x lanes (16 with AVX-512, 8 with AVX2) x 2 flops.
 */
final class FmaPeak {
  private final double ghz;
  private final int lanes;

  private FmaPeak(double ghz, int lanes) {
    this.ghz = ghz;
    this.lanes = lanes;
  }

  /** This machine's clock (NaN where /proc/cpuinfo gives none) and vector width. */
  static FmaPeak ofThisMachine() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException e) {
      lines = List.of();
    }
    double mhz = Double.NaN;
    boolean avx512 = false;
    for (String line : lines) {
      if (line.startsWith("cpu MHz") && Double.isNaN(mhz)) {
        mhz = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      } else if (line.startsWith("flags")) {
        avx512 |= line.contains(" avx512f");
      }
    }
    return new FmaPeak(mhz / 1000, avx512 ? 16 : 8);
  }

  /** GFLOP/s of {@code cores} cores, NaN if the clock is unknown. */
  double gflops(int cores) {
    return cores * ghz * 2 * lanes * 2;
  }

  /** For example "96 GFLOP/s (1 x 3.00 GHz x 2 FMA units x 8 lanes x 2 flops)". */
  String describe(int cores) {
    if (Double.isNaN(ghz)) {
      return "unknown (no clock rate in /proc/cpuinfo)";
    }
    return String.format("%.0f GFLOP/s (%d x %.2f GHz x 2 FMA units x %d lanes x 2 flops, "
        + "nominal clock from /proc/cpuinfo)", gflops(cores), cores, ghz, lanes);
  }
}
