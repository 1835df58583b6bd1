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
   * the old contents of {@code C} are ignored, even NaN. Like {@code torch.addmm(C, op(A), op(B),
   * beta=beta, alpha=alpha)} or BLAS {@code sgemm}.
   *
   * @param transposeA whether {@code op(A)} is the transpose of {@code a}
   * @param transposeB whether {@code op(B)} is the transpose of {@code b}
   * @param m the rows of {@code op(A)} and {@code C}, at least 0
   * @param n the columns of {@code op(B)} and {@code C}, at least 0
   * @param k the columns of {@code op(A)} and rows of {@code op(B)}, at least 0; with 0, {@code C}
   *     becomes {@code beta * C}
   * @param alpha the factor of the product
   * @param a the tensor holding {@code A} as stored (before any transpose)
   * @param aOffset the first float of {@code A}
   * @param lda the floats between the starts of two rows of {@code A} as stored
   * @param b the tensor holding {@code B} as stored
   * @param bOffset the first float of {@code B}
   * @param ldb the floats between the starts of two rows of {@code B} as stored
   * @param beta the factor of the old {@code C}; 0 overwrites it
   * @param c the tensor holding {@code C}, read unless {@code beta == 0}, and written
   * @param cOffset the first float of {@code C}
   * @param ldc the floats between the starts of two rows of {@code C}
   * @throws IllegalArgumentException if a size is negative, a leading dimension is smaller than
   *     its matrix's row, or a tensor belongs to another device
   * @throws IndexOutOfBoundsException if a matrix does not fit its tensor
   * @throws IllegalStateException if {@code c} is read-only (see {@link Execution#readOnly})
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
   * out[j]}. This is the bias gradient of a dense layer ({@code dy.sum(0)} in PyTorch).
   *
   * @param in the tensor holding the block, rows contiguous
   * @param inOffset the block's first float
   * @param rows the number of rows summed (the batch)
   * @param columns the number of columns, and of sums written
   * @param beta the factor of the old sums: 0 overwrites them, 1 accumulates
   * @param out the tensor the {@code columns} sums are written to
   * @param outOffset the first sum's float
   */
  void sumRows(Tensor in, int inOffset, int rows, int columns, float beta, Tensor out, int outOffset);
}
