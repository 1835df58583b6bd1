package hypercolumn.runtime.cpu;

/**
 * Which micro-kernel the vector GEMM runs on this JVM and machine: the 6 x 16 tile ({@link
 * VectorMicroKernel#multiply}) or the 4 x 16 one ({@link VectorMicroKernel#multiplyNarrow}).
 * Both give the same bits; they differ in speed only.
 *
 * <p>The 6 x 16 tile needs its twelve accumulators, two values of B and the broadcasts of A in
 * vector registers. With 32 registers (AVX-512) that holds on every JDK. With 16 (AVX2) it holds
 * on JDK 17, whose C2 interleaves the broadcasts with the multiply-adds, but not on JDK 25, whose
 * C2 loads all six broadcasts first and spills five accumulators inside the loop (the
 * disassembly and the timings are in {@code benchmarks/results/2026-12-03-jdk25-cause.md}). So the
 * narrow tile runs where the JVM's preferred vectors are below 512 bits and the JDK is newer
 * than 17. The system property {@value #PROPERTY} ({@code 6} or {@code 4}) forces one.
 */
final class MicroKernelChoice {
  /** The system property that forces the tile's rows. */
  static final String PROPERTY = "hypercolumn.gemm.rows";

  private MicroKernelChoice() {}

  /** The tile's rows for this JVM: the property's, else as the class comment says. */
  static int rows() {
    return rows(System.getProperty(PROPERTY), Runtime.version().feature(),
        VectorMicroKernel.preferredBits());
  }

  /**
   * The rule itself, for tests: {@code forced} is the property's value or null, {@code jdk} the
   * JDK's feature release, {@code preferredBits} the width of the machine's preferred vectors.
   *
   * @throws IllegalArgumentException if {@code forced} is neither 6 nor 4
   */
  static int rows(String forced, int jdk, int preferredBits) {
    if (forced != null && !forced.isBlank()) {
      switch (forced.trim()) {
        case "6":
          return VectorMicroKernel.MR;
        case "4":
          return VectorMicroKernel.MR_NARROW;
        default:
          throw new IllegalArgumentException("system property " + PROPERTY
              + " must be 6 or 4 (rows of the vector GEMM's tile), found '" + forced + "'");
      }
    }
    return preferredBits < 512 && jdk > 17 ? VectorMicroKernel.MR_NARROW : VectorMicroKernel.MR;
  }
}
