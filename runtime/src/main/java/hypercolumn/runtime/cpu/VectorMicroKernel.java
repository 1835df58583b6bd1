package hypercolumn.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link VectorGemmEngine} on 256-bit vectors: a {@code MR x
 * NR} (6 x 16) tile of C held in twelve accumulators, updated by one fused multiply-add per
 * accumulator and per value of k from two loads of packed B and six broadcasts of packed A (15 of
 * AVX2's 16 vector registers), and a 4 x 16 sibling. Machines with 512-bit vectors run {@link
 * WideMicroKernel} instead; the stores of a tile into C serve all three.
 */
final class VectorMicroKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
  static final int LANES = 8;
  static final int MR = 6;
  static final int NR = 2 * LANES;

  /**
   * The rows of {@link #multiplyNarrow}'s tile: 4 x 16, eight accumulators. Chosen where the
   * machine has 16 vector registers (AVX2) on JDKs whose C2 spills the 6 x 16 tile; see {@link
   * MicroKernelChoice}.
   */
  static final int MR_NARROW = 4;

  /** The width of the CPU's preferred vectors, in bits. */
  static int preferredBits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  private VectorMicroKernel() {}

  /**
   * Values of k in a group of packed A. A group of MR rows is six 8-float vectors, so a row-major
   * op(A) is packed with vector copies, where the earlier layout (the six rows' values of each k
   * side by side) needed a transpose done one value at a time; the kernel also runs faster on
   * groups. The README compares the two at the MLP's shapes.
   */
  static final int GROUP = LANES;

  /** The accumulators' starting values: twelve distinct loads, not one shared zero vector. */
  private static final float[] ZEROS = new float[MR * NR];

  /**
   * Writes {@code tile[r * NR + j] = sum_p A[r][p] * B[p][j]} for the whole {@code MR x NR}
   * tile, where A is packed at {@code ai} in groups of {@link #GROUP} values of k (see {@link
   * VectorPacking#packA}) and B at {@code bi} (p * NR + j). The caller then stores the tile into
   * C with {@link #storeFull} or {@link #storePartial}.
   *
   * <p>The stores are separate methods, chosen by the caller, so that this loop is compiled the
   * same way whatever the shapes: when it also held the partial-tile store, a network whose last
   * layer has 10 outputs made C2 recompile it with that branch taken, and the 128x256x784 product
   * of its first layer then ran at two thirds of its speed for the rest of the run.
   */
  static void multiply(int depth, float[] a, int ai, float[] b, int bi, float[] tile) {
    // Every accumulator enters the loop as a distinct value. With twelve loop phis sharing one
    // zero vector, C2's register allocator sometimes gave up coalescing them and copied and
    // spilled accumulators inside the loop, at half the speed, depending on the profile at
    // compile time (so on some JVM starts and not others).
    FloatVector c00 = FloatVector.fromArray(SPECIES, ZEROS, 0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, ZEROS, LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, ZEROS, NR);
    FloatVector c11 = FloatVector.fromArray(SPECIES, ZEROS, NR + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, ZEROS, 2 * NR);
    FloatVector c21 = FloatVector.fromArray(SPECIES, ZEROS, 2 * NR + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, ZEROS, 3 * NR);
    FloatVector c31 = FloatVector.fromArray(SPECIES, ZEROS, 3 * NR + LANES);
    FloatVector c40 = FloatVector.fromArray(SPECIES, ZEROS, 4 * NR);
    FloatVector c41 = FloatVector.fromArray(SPECIES, ZEROS, 4 * NR + LANES);
    FloatVector c50 = FloatVector.fromArray(SPECIES, ZEROS, 5 * NR);
    FloatVector c51 = FloatVector.fromArray(SPECIES, ZEROS, 5 * NR + LANES);
    int full = depth - depth % GROUP;
    int ap = ai;
    int bp = bi;
    // Full groups: row r of a group at ap + r * GROUP.
    for (; ap < ai + full * MR; ap += MR * GROUP) {
      for (int q = 0; q < GROUP; q++, bp += NR) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
        FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
        FloatVector x = FloatVector.broadcast(SPECIES, a[ap + q]);
        c00 = b0.fma(x, c00);
        c01 = b1.fma(x, c01);
        x = FloatVector.broadcast(SPECIES, a[ap + GROUP + q]);
        c10 = b0.fma(x, c10);
        c11 = b1.fma(x, c11);
        x = FloatVector.broadcast(SPECIES, a[ap + 2 * GROUP + q]);
        c20 = b0.fma(x, c20);
        c21 = b1.fma(x, c21);
        x = FloatVector.broadcast(SPECIES, a[ap + 3 * GROUP + q]);
        c30 = b0.fma(x, c30);
        c31 = b1.fma(x, c31);
        x = FloatVector.broadcast(SPECIES, a[ap + 4 * GROUP + q]);
        c40 = b0.fma(x, c40);
        c41 = b1.fma(x, c41);
        x = FloatVector.broadcast(SPECIES, a[ap + 5 * GROUP + q]);
        c50 = b0.fma(x, c50);
        c51 = b1.fma(x, c51);
      }
    }
    // The last group: rows of `width` values. The body repeats the one above because C2 keeps
    // the twelve vectors in registers only when each loop holds its own: one loop whose group
    // width changes at the last group ran 25 times slower, every vector boxed on the heap, and a
    // helper method cannot hand twelve vectors back without boxing them.
    int width = depth - full;
    for (int q = 0; q < width; q++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[ap + q]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(SPECIES, a[ap + width + q]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(SPECIES, a[ap + 2 * width + q]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(SPECIES, a[ap + 3 * width + q]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      x = FloatVector.broadcast(SPECIES, a[ap + 4 * width + q]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      x = FloatVector.broadcast(SPECIES, a[ap + 5 * width + q]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
    }
    // The tile goes through memory rather than to a helper taking vectors: C2 would box vectors
    // passed to a method it does not inline, and this method is already too big to inline more.
    c00.intoArray(tile, 0);
    c01.intoArray(tile, LANES);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + LANES);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + LANES);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + LANES);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + LANES);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + LANES);
  }

  /**
   * {@link #multiply} for a {@link #MR_NARROW} x {@link #NR} tile, on A packed in micro-panels of
   * {@link #MR_NARROW} rows. Each value of C sums the same products in the same order as in
   * {@link #multiply}, so the two give the same bits.
   *
   * <p>Why it exists: from JDK 25 (not 17), C2 loads all six broadcasts of a k step before their
   * multiply-adds. With twelve accumulators and two values of B that is 20 live vectors, and on
   * AVX2's 16 registers C2 then keeps five accumulators on the stack, loading and storing each
   * around its multiply-add inside the loop: half the speed. Eight accumulators, two values of B
   * and four broadcasts fit in 14 registers however they are scheduled.
   */
  static void multiplyNarrow(int depth, float[] a, int ai, float[] b, int bi, float[] tile) {
    FloatVector c00 = FloatVector.fromArray(SPECIES, ZEROS, 0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, ZEROS, LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, ZEROS, NR);
    FloatVector c11 = FloatVector.fromArray(SPECIES, ZEROS, NR + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, ZEROS, 2 * NR);
    FloatVector c21 = FloatVector.fromArray(SPECIES, ZEROS, 2 * NR + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, ZEROS, 3 * NR);
    FloatVector c31 = FloatVector.fromArray(SPECIES, ZEROS, 3 * NR + LANES);
    int full = depth - depth % GROUP;
    int ap = ai;
    int bp = bi;
    for (; ap < ai + full * MR_NARROW; ap += MR_NARROW * GROUP) {
      for (int q = 0; q < GROUP; q++, bp += NR) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
        FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
        FloatVector x = FloatVector.broadcast(SPECIES, a[ap + q]);
        c00 = b0.fma(x, c00);
        c01 = b1.fma(x, c01);
        x = FloatVector.broadcast(SPECIES, a[ap + GROUP + q]);
        c10 = b0.fma(x, c10);
        c11 = b1.fma(x, c11);
        x = FloatVector.broadcast(SPECIES, a[ap + 2 * GROUP + q]);
        c20 = b0.fma(x, c20);
        c21 = b1.fma(x, c21);
        x = FloatVector.broadcast(SPECIES, a[ap + 3 * GROUP + q]);
        c30 = b0.fma(x, c30);
        c31 = b1.fma(x, c31);
      }
    }
    // The last group, rows of `width` values; a loop of its own, as in multiply.
    int width = depth - full;
    for (int q = 0; q < width; q++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[ap + q]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(SPECIES, a[ap + width + q]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(SPECIES, a[ap + 2 * width + q]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(SPECIES, a[ap + 3 * width + q]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, LANES);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + LANES);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + LANES);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + LANES);
  }

  /**
   * {@code C = alpha * tile + beta * C} for a whole tile of {@code rows} rows and {@code nr}
   * columns (the tile's row stride); with beta 0, C is not read.
   */
  static void storeFull(float[] tile, int nr, float alpha, float beta, float[] c, int ci, int ldc, int rows) {
    if (nr == NR && rows == MR) {
      storeSixBySixteen(tile, alpha, beta, c, ci, ldc);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < nr; j += LANES) {
        FloatVector v = FloatVector.fromArray(SPECIES, tile, r * nr + j).mul(alpha);
        if (beta != 0f) {
          v = FloatVector.fromArray(SPECIES, c, row + j).mul(beta).add(v);
        }
        v.intoArray(c, row + j);
      }
    }
  }

  /**
   * {@link #storeFull} for JDK 17's 6 x 16 tile, its sizes constants. The loops above, with the
   * tile's sizes read from arguments, and the packing's loops written the same way cost the
   * MLP's products up to a fifth of their speed on JDK 17 (GemmBenchmark at 256x784x128 TN, one
   * thread: 88 to 108 GFLOP/s, against 112 to 117 with constants and in the build before the
   * sizes became arguments).
   */
  private static void storeSixBySixteen(float[] tile, float alpha, float beta, float[] c, int ci,
      int ldc) {
    for (int r = 0; r < MR; r++) {
      int row = ci + r * ldc;
      FloatVector v0 = FloatVector.fromArray(SPECIES, tile, r * NR).mul(alpha);
      FloatVector v1 = FloatVector.fromArray(SPECIES, tile, r * NR + LANES).mul(alpha);
      if (beta != 0f) {
        v0 = FloatVector.fromArray(SPECIES, c, row).mul(beta).add(v0);
        v1 = FloatVector.fromArray(SPECIES, c, row + LANES).mul(beta).add(v1);
      }
      v0.intoArray(c, row);
      v1.intoArray(c, row + LANES);
    }
  }

  /** As {@link #storeFull} for the first {@code rows} rows and {@code columns} columns. */
  static void storePartial(
      float[] tile, int nr, float alpha, float beta, float[] c, int ci, int ldc, int rows, int columns) {
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < columns; j++) {
        float product = alpha * tile[r * nr + j];
        c[row + j] = beta == 0 ? product : product + beta * c[row + j];
      }
    }
  }
}
