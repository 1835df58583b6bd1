package hypercolumn.runtime.cpu;

/**
 * The loops of the CPU GEMM, {@code C = alpha * op(A) * op(B) + beta * C} on row-major host
 * arrays.
 *
 * <p>First {@code op(B)} is packed, cut into column tiles of at most {@link #PANEL_WIDTH}
 * columns, each row of a tile into an array of its own. Then a tile of C (a range of rows of one
 * column tile) is computed {@link #DEPTH_BLOCK} values of k at a time (so those packed rows stay
 * in L2 while all rows of the tile use them): each row of the tile's accumulator gets four packed
 * rows at once, {@code acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j]}; at the end {@code C
 * = alpha * acc + beta * C}. HotSpot C2 vectorizes that loop (one load and store of the
 * accumulator per four fused multiply-adds) only when every array is indexed by the loop counter
 * alone, which is why each packed row and each accumulator row is a separate array: an offset
 * into C, two rows of one array, or two stores in one loop keep C2 from vectorizing at all
 * (measured on JDK 17, 3 to 5 times slower).
 */
final class Gemm {
  /** Columns of C in a tile: a C row segment and four packed rows stay in L1. */
  static final int PANEL_WIDTH = 256;

  /** Values of k whose packed rows are used for all rows of a tile before moving on. */
  static final int DEPTH_BLOCK = 128;

  private Gemm() {}

  /**
   * Packs rows {@code [fromP, toP)} of column tile {@code tile} of op(B): packed row {@code p *
   * tiles + tile} holds {@code op(B)[p][tile * PANEL_WIDTH + j]}, {@code j < width}.
   */
  static void pack(
      boolean transposeB, float[] b, int bOffset, int ldb, int fromP, int toP, int tile,
      int tiles, int width, float[][] packed) {
    int fromColumn = tile * PANEL_WIDTH;
    if (!transposeB) {
      for (int p = fromP; p < toP; p++) {
        System.arraycopy(b, bOffset + p * ldb + fromColumn, packed[p * tiles + tile], 0, width);
      }
      return;
    }
    // op(B)[p][j] = b[(fromColumn + j) * ldb + p]: read B's rows contiguously, scatter.
    for (int j = 0; j < width; j++) {
      int row = bOffset + (fromColumn + j) * ldb;
      for (int p = fromP; p < toP; p++) {
        packed[p * tiles + tile][j] = b[row + p];
      }
    }
  }

  /**
   * Computes rows {@code [fromRow, toRow)} of column tile {@code tile} of C from the packed
   * op(B), using {@code accumulators} (at least {@code toRow - fromRow} rows) as scratch.
   */
  static void tile(
      boolean transposeA, int fromRow, int toRow, int tile, int tiles, int width, int k,
      float alpha, float[] a, int aOffset, int lda, float[][] packed, float beta, float[] c,
      int cOffset, int ldc, float[][] accumulators) {
    for (int i = fromRow; i < toRow; i++) {
      java.util.Arrays.fill(accumulators[i - fromRow], 0, width, 0f);
    }
    int aStep = transposeA ? lda : 1;
    for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
      int p1 = Math.min(k, p0 + DEPTH_BLOCK);
      for (int i = fromRow; i < toRow; i++) {
        float[] row = accumulators[i - fromRow];
        // op(A)[i][p] is a[aRow + p * aStep]
        int aRow = transposeA ? aOffset + i : aOffset + i * lda;
        int p = p0;
        for (; p + 4 <= p1; p += 4) {
          int ap = aRow + p * aStep;
          int q = p * tiles + tile;
          multiplyAdd4(row, width,
              packed[q], a[ap],
              packed[q + tiles], a[ap + aStep],
              packed[q + 2 * tiles], a[ap + 2 * aStep],
              packed[q + 3 * tiles], a[ap + 3 * aStep]);
        }
        for (; p < p1; p++) {
          multiplyAdd1(row, width, packed[p * tiles + tile], a[aRow + p * aStep]);
        }
      }
    }
    int fromColumn = tile * PANEL_WIDTH;
    for (int i = fromRow; i < toRow; i++) {
      store(accumulators[i - fromRow], width, alpha, beta, c, cOffset + i * ldc + fromColumn);
    }
  }

  /** {@code c = alpha * row + beta * c}, ignoring c when beta is 0 (so old NaNs vanish). */
  private static void store(float[] row, int width, float alpha, float beta, float[] c, int ci) {
    if (beta == 0) {
      for (int j = 0; j < width; j++) {
        c[ci + j] = alpha * row[j];
      }
    } else {
      for (int j = 0; j < width; j++) {
        c[ci + j] = alpha * row[j] + beta * c[ci + j];
      }
    }
  }

  private static void multiplyAdd4(
      float[] c, int width, float[] b0, float a0, float[] b1, float a1, float[] b2, float a2,
      float[] b3, float a3) {
    for (int j = 0; j < width; j++) {
      c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
    }
  }

  private static void multiplyAdd1(float[] c, int width, float[] b0, float a0) {
    for (int j = 0; j < width; j++) {
      c[j] = Math.fma(a0, b0[j], c[j]);
    }
  }

  /**
   * The same product without packing, for products too small to repay it: rows {@code
   * [fromRow, toRow)} of C.
   */
  static void small(
      boolean transposeA, boolean transposeB, int fromRow, int toRow, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c,
      int cOffset, int ldc) {
    for (int i = fromRow; i < toRow; i++) {
      int ci = cOffset + i * ldc;
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          float x = transposeA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
          float y = transposeB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
          sum += x * y;
        }
        float product = alpha * (float) sum;
        c[ci + j] = beta == 0 ? product : product + beta * c[ci + j];
      }
    }
  }
}
