package hypercolumn.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector GEMM's micro-kernel on 512-bit vectors (AVX-512): a {@code 6 x 32} tile of C in
 * twelve accumulators, updated per value of k from two loads of packed B and six broadcasts of
 * packed A, 20 of AVX-512's 32 registers. It reads A packed as {@link VectorMicroKernel} does
 * (groups of {@link VectorMicroKernel#GROUP} values of k) and B in panels of {@link #NR}
 * columns, and each value of C sums the same products in the same order as there, so both give
 * the same bits. {@link MicroKernelChoice} says where it runs.
 */
final class WideMicroKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
  static final int LANES = 16;
  static final int MR = 6;
  static final int NR = 2 * LANES;
  private static final int GROUP = VectorMicroKernel.GROUP;

  /** The accumulators' starting values: twelve distinct loads, as in {@link VectorMicroKernel}. */
  private static final float[] ZEROS = new float[MR * NR];

  private WideMicroKernel() {}

  /**
   * Writes {@code tile[r * NR + j] = sum_p A[r][p] * B[p][j]} for the whole tile; the layout and
   * the reasons for the loops' shape are {@link VectorMicroKernel#multiply}'s.
   */
  static void multiply(int depth, float[] a, int ai, float[] b, int bi, float[] tile) {
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
}
