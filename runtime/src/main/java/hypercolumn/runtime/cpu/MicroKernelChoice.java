package hypercolumn.runtime.cpu;

/**
 * Which micro-kernel the vector GEMM runs on this JVM and machine. All three give the same bits
 * (each value of C sums the same products in the same order); they differ in speed only.
 *
 * <ul>
 *   <li>{@link Tile#WIDE} (6 x 32, twelve 512-bit accumulators, {@link WideMicroKernel}) where the
 *       preferred vectors are 512 bits (AVX-512), on JDKs newer than 17: one multiply-add does
 *       twice the work of a 256-bit one, and on a core with two 512-bit FMA units the 256-bit
 *       kernels reach at most half its peak. On such a machine (2026-12-04, AMD EPYC) the wide
 *       kernel alone ran at 255 GFLOP/s on JDK 25 against 127 for the 6 x 16 one. JDK 17's C2
 *       ran it as fast alone (226), but not in a JVM that also runs 256-bit vectors, as the
 *       packing, the optimizers and the fused kernels do: there it compiled the tile's stores, and
 *       then some of the packing's 256-bit loads and stores, as calls that box their vectors
 *       (profiled with JFR), and the GEMM ran 15 times slower.
 *   <li>{@link Tile#SIX_ROWS} (6 x 16, twelve 256-bit accumulators) on JDK 17.
 *   <li>{@link Tile#FOUR_ROWS} (4 x 16, eight accumulators) on AVX2 on newer JDKs, whose C2
 *       loads all six broadcasts of a k step first and then spills five of the 6 x 16 tile's
 *       accumulators on AVX2's 16 registers (the disassembly and the timings are in {@code
 *       benchmarks/results/2026-12-03-jdk25-cause.md}).
 * </ul>
 *
 * <p>The system property {@value #PROPERTY} ({@code 6x16}, {@code 4x16} or {@code 6x32}) forces
 * one. A 512-bit kernel on a machine without 512-bit vectors is correct but slow: the Vector API
 * then emulates its vectors.
 */
final class MicroKernelChoice {
  /** The system property that forces the tile. */
  static final String PROPERTY = "hypercolumn.gemm.tile";

  /** A micro-kernel's tile of C: rows, columns, and the vector width it runs on. */
  enum Tile {
    SIX_ROWS(6, 16, 256),
    FOUR_ROWS(4, 16, 256),
    WIDE(6, 32, 512);

    final int rows;
    final int columns;
    final int bits;

    Tile(int rows, int columns, int bits) {
      this.rows = rows;
      this.columns = columns;
      this.bits = bits;
    }

    /** As the property writes it, {@code 6x16}. */
    String label() {
      return rows + "x" + columns;
    }
  }

  private MicroKernelChoice() {}

  /** The tile for this JVM: the property's, else as the class comment says. */
  static Tile tile() {
    return tile(System.getProperty(PROPERTY), Runtime.version().feature(), VectorMicroKernel.preferredBits());
  }

  /**
   * The rule itself, for tests: {@code forced} is the property's value or null, {@code jdk} the
   * JDK's feature release, {@code preferredBits} the width of the machine's preferred vectors.
   *
   * @throws IllegalArgumentException if {@code forced} names no tile
   */
  static Tile tile(String forced, int jdk, int preferredBits) {
    if (forced != null && !forced.isBlank()) {
      for (Tile tile : Tile.values()) {
        if (tile.label().equals(forced.trim())) {
          return tile;
        }
      }
      throw new IllegalArgumentException("system property " + PROPERTY
          + " must be 6x16, 4x16 or 6x32 (rows x columns of the vector GEMM's tile), found '" + forced + "'");
    }
    if (jdk <= 17) {
      return Tile.SIX_ROWS;
    }
    return preferredBits >= 512 ? Tile.WIDE : Tile.FOUR_ROWS;
  }
}
