package hypercolumn.runtime.cpu;

/** Row-major GEMM on host arrays. */
final class Gemm {
  private Gemm() {}

  /** {@code C = alpha * op(A) * op(B) + beta * C} for rows {@code [fromRow, toRow)} of C. */
  static void simple(
      boolean transposeA, boolean transposeB, int fromRow, int toRow, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c,
      int cOffset, int ldc) {
    for (int i = fromRow; i < toRow; i++) {
      int ci = cOffset + i * ldc;
      for (int j = 0; j < n; j++) {
        c[ci + j] = beta == 0 ? 0 : beta * c[ci + j];
      }
      for (int p = 0; p < k; p++) {
        float aip = alpha * (transposeA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p]);
        if (transposeB) {
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bOffset + j * ldb + p];
          }
        } else {
          int bp = bOffset + p * ldb;
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bp + j];
          }
        }
      }
    }
  }
}
