package hypercolumn.runtime.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Packs op(A) and op(B) into the layouts {@link VectorMicroKernel} reads, for either transpose,
 * so all four cases run the same kernel.
 *
 * <p>The loops that pack op(B) run over k with indices linear in the loop counter and read
 * their source as a few sequential streams, so C2 can hoist the bounds checks and unroll them.
 * Packing the forward layer's transposed 784 x 256 weights took 147 us on one core with the
 * earlier loop (an inner loop over a panel's 16 columns, stepping the source index by the
 * leading dimension) and takes 92 us with this one; eight streams instead of four took 142 us.
 */
final class VectorPacking {
  private static final int LANES = VectorMicroKernel.LANES;
  private static final int GROUP = VectorMicroKernel.GROUP;

  private VectorPacking() {}

  /**
   * Packs columns {@code [j0, j0 + nr)} (those past {@code n} as zeros; {@code nr}, the
   * micro-kernel's width, is 16 or 32) and rows {@code [p0, p1)} of op(B) at {@code to}: value
   * (p, j) at {@code to + (p - p0) * nr + j - j0}. op(B)[p][j]
   * is {@code b[bOffset + p * ldb + j]}, or {@code b[bOffset + j * ldb + p]} if {@code
   * transposeB}.
   */
  static void packB(
      int nr, boolean transposeB, float[] b, int bOffset, int ldb, int n, int j0, int p0, int p1,
      float[] packed, int to) {
    int width = Math.min(nr, n - j0);
    int depth = p1 - p0;
    if (width < nr) {
      java.util.Arrays.fill(packed, to, to + depth * nr, 0f);
    }
    if (!transposeB) {
      int from = bOffset + p0 * ldb + j0;
      if (width == nr) {
        if (nr == VectorMicroKernel.NR) {
          packSixteenColumnsB(b, from, ldb, depth, packed, to);
          return;
        }
        for (int p = 0; p < depth; p++) {
          int source = from + p * ldb;
          int target = to + p * nr;
          for (int v = 0; v < nr; v += LANES) {
            FloatVector.fromArray(VectorMicroKernel.SPECIES, b, source + v).intoArray(packed, target + v);
          }
        }
      } else {
        for (int p = 0; p < depth; p++) {
          System.arraycopy(b, from + p * ldb, packed, to + p * nr, width);
        }
      }
      return;
    }
    // op(B)[p][j] = b[row j + p]: four rows of b (four columns of the panel) per pass.
    int j = 0;
    for (; j + 4 <= width; j += 4) {
      int r0 = bOffset + (j0 + j) * ldb + p0;
      int r1 = r0 + ldb;
      int r2 = r1 + ldb;
      int r3 = r2 + ldb;
      int t = to + j;
      for (int p = 0; p < depth; p++) {
        int target = t + p * nr;
        packed[target] = b[r0 + p];
        packed[target + 1] = b[r1 + p];
        packed[target + 2] = b[r2 + p];
        packed[target + 3] = b[r3 + p];
      }
    }
    for (; j < width; j++) {
      int r = bOffset + (j0 + j) * ldb + p0;
      int t = to + j;
      for (int p = 0; p < depth; p++) {
        packed[t + p * nr] = b[r + p];
      }
    }
  }

  /** {@link #packB}'s copy of 16 whole columns, with the panel's width a constant (see {@link VectorMicroKernel#storeFull}). */
  private static void packSixteenColumnsB(float[] b, int from, int ldb, int depth, float[] packed,
      int to) {
    final int nr = VectorMicroKernel.NR;
    for (int p = 0; p < depth; p++) {
      int source = from + p * ldb;
      int target = to + p * nr;
      FloatVector.fromArray(VectorMicroKernel.SPECIES, b, source).intoArray(packed, target);
      FloatVector.fromArray(VectorMicroKernel.SPECIES, b, source + LANES)
          .intoArray(packed, target + LANES);
    }
  }

  /**
   * Packs rows {@code [i0, i1)} and columns {@code [p0, p1)} of op(A) as micro-panels of
   * {@code mr} rows (the micro-kernel's height, {@link VectorMicroKernel#MR} or {@link
   * VectorMicroKernel#MR_NARROW}) from index {@code to}, micro-panel q at {@code to + q * mr * d}
   * with {@code d = p1 - p0}; rows past {@code i1} are zero. A micro-panel holds groups of {@link
   * VectorMicroKernel#GROUP} values of k, mr rows of GROUP values each (value p of row r at
   * {@code (p / GROUP) * mr * GROUP + r * GROUP + p % GROUP}), then the last {@code w = d %
   * GROUP} values as mr rows of w. So a row-major op(A) is packed with vector copies. op(A)[i][p]
   * is {@code a[aOffset + i * lda + p]}, or {@code a[aOffset + p * lda + i]} if {@code
   * transposeA}.
   */
  static void packA(
      int mr, boolean transposeA, float[] a, int aOffset, int lda, int i0, int i1, int p0, int p1,
      float[] packed, int to) {
    int depth = p1 - p0;
    for (int row0 = i0, base = to; row0 < i1; row0 += mr, base += mr * depth) {
      int rows = Math.min(mr, i1 - row0);
      if (rows < mr) {
        java.util.Arrays.fill(packed, base, base + mr * depth, 0f);
        packPartialA(mr, transposeA, a, aOffset, lda, row0, rows, p0, depth, packed, base);
      } else if (!transposeA) {
        packRowsA(mr, a, aOffset + row0 * lda + p0, lda, depth, packed, base);
      } else {
        packColumnsA(mr, a, aOffset + p0 * lda + row0, lda, depth, packed, base);
      }
    }
  }

  /** mr rows from {@code from} (leading dimension lda), depth values each. */
  private static void packRowsA(
      int mr, float[] a, int from, int lda, int depth, float[] packed, int to) {
    if (mr == VectorMicroKernel.MR) {
      packSixRowsA(a, from, lda, depth, packed, to);
      return;
    }
    int full = depth - depth % GROUP;
    for (int p = 0; p < full; p += GROUP) {
      int target = to + p * mr;
      for (int r = 0; r < mr; r++) {
        FloatVector.fromArray(VectorMicroKernel.SPECIES, a, from + r * lda + p)
            .intoArray(packed, target + r * GROUP);
      }
    }
    int width = depth - full;
    for (int r = 0; r < mr; r++) {
      System.arraycopy(a, from + r * lda + full, packed, to + full * mr + r * width, width);
    }
  }

  /** {@link #packRowsA} for six rows, a constant (see {@link VectorMicroKernel#storeFull}). */
  private static void packSixRowsA(float[] a, int from, int lda, int depth, float[] packed,
      int to) {
    final int mr = VectorMicroKernel.MR;
    int full = depth - depth % GROUP;
    for (int p = 0; p < full; p += GROUP) {
      int target = to + p * mr;
      for (int r = 0; r < mr; r++) {
        FloatVector.fromArray(VectorMicroKernel.SPECIES, a, from + r * lda + p)
            .intoArray(packed, target + r * GROUP);
      }
    }
    int width = depth - full;
    for (int r = 0; r < mr; r++) {
      System.arraycopy(a, from + r * lda + full, packed, to + full * mr + r * width, width);
    }
  }

  /** mr consecutive values from each of depth rows of a, from {@code from}, as mr rows. */
  private static void packColumnsA(
      int mr, float[] a, int from, int lda, int depth, float[] packed, int to) {
    if (mr == VectorMicroKernel.MR) {
      packSixColumnsA(a, from, lda, depth, packed, to);
      return;
    }
    for (int p = 0; p < depth; p++) {
      int width = groupWidth(depth, p);
      int target = to + packedOffset(mr, depth, 0, p);
      int source = from + p * lda;
      for (int r = 0; r < mr; r++) {
        packed[target + r * width] = a[source + r];
      }
    }
  }

  /** {@link #packColumnsA} for six rows, a constant. */
  private static void packSixColumnsA(float[] a, int from, int lda, int depth, float[] packed,
      int to) {
    final int mr = VectorMicroKernel.MR;
    for (int p = 0; p < depth; p++) {
      int width = groupWidth(depth, p);
      int target = to + packedOffset(mr, depth, 0, p);
      int source = from + p * lda;
      for (int r = 0; r < mr; r++) {
        packed[target + r * width] = a[source + r];
      }
    }
  }

  private static void packPartialA(
      int mr, boolean transposeA, float[] a, int aOffset, int lda, int row0, int rows, int p0,
      int depth, float[] packed, int base) {
    int iStep = transposeA ? 1 : lda;
    int pStep = transposeA ? lda : 1;
    for (int r = 0; r < rows; r++) {
      int from = aOffset + (row0 + r) * iStep + p0 * pStep;
      for (int p = 0; p < depth; p++) {
        packed[base + packedOffset(mr, depth, r, p)] = a[from + p * pStep];
      }
    }
  }

  /** Values of k in the group of packed A holding value p: GROUP, or fewer in the last group. */
  private static int groupWidth(int depth, int p) {
    return Math.min(GROUP, depth - p / GROUP * GROUP);
  }

  /** Where value p of row r sits in a micro-panel of packed A of the given depth (see packA). */
  private static int packedOffset(int mr, int depth, int r, int p) {
    return p / GROUP * GROUP * mr + r * groupWidth(depth, p) + p % GROUP;
  }
}
