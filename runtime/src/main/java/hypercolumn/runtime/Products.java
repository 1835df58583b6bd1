package hypercolumn.runtime;

/**
 * The products seam of a {@link Device}: the reductions that a library does best (cuBLAS on a
 * GPU, a blocked GEMM on the CPU) and that generated kernels therefore never do themselves.
 *
 * <p>A matrix argument is given by its tensor, the offset of its first element and its leading
 * dimension (elements between the starts of two consecutive rows), row-major.
 */
public interface Products {

  /**
   * General matrix product {@code C = alpha * op(A) * op(B) + beta * C}, row-major, where
   * {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n} and {@code C} is {@code m x n};
   * {@code op(X)} is {@code X} or, if its flag is set, its transpose. With {@code beta == 0}
   * the old contents of {@code C} are ignored, even NaN.
   */
  void gemm(
      boolean transposeA,
      boolean transposeB,
      int m,
      int n,
      int k,
      float alpha,
      Tensor a,
      int aOffset,
      int lda,
      Tensor b,
      int bOffset,
      int ldb,
      float beta,
      Tensor c,
      int cOffset,
      int ldc);

  /**
   * Column sums of a dense {@code rows x columns} block: {@code out[j] = sum_i in[i][j] + beta *
   * out[j]}. This is the bias gradient of a dense layer.
   */
  void sumRows(Tensor in, int inOffset, int rows, int columns, float beta, Tensor out, int outOffset);
}
