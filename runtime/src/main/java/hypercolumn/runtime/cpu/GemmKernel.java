package hypercolumn.runtime.cpu;

/**
 * A CPU GEMM implementation on row-major host arrays, {@code C = alpha * op(A) * op(B) + beta *
 * C}, with arguments already checked. Two exist: {@link GemmEngine} in plain Java (vectorized by
 * C2 where it can) and {@link VectorGemmEngine} on the Java Vector API, which needs the JVM
 * started with {@code --add-modules jdk.incubator.vector}.
 */
interface GemmKernel {
  /** The system property that forces the plain-Java GEMM when set to {@code plain}. */
  String PROPERTY = "hypercolumn.gemm";

  void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc);

  /**
   * As {@link #gemm}, where B does not change until {@link #forgetFixedOperands}: the engine may
   * keep op(B) packed and reuse the packing when the same matrix comes again. The default packs
   * nothing ahead and runs {@link #gemm}.
   */
  default void gemmFixedB(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    gemm(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c,
        cOffset, ldc);
  }

  /** Drops what {@link #gemmFixedB} kept: the matrices may change from now on. */
  default void forgetFixedOperands() {}

  /** A short name for reports: "vector" or "plain". */
  String name();

  /**
   * The vector GEMM when {@code vector}, else the plain one. VectorGemmEngine (and with it
   * jdk.incubator.vector) is only loaded when this branch runs.
   */
  static GemmKernel create(WorkerPool pool, boolean vector) {
    return vector ? new VectorGemmEngine(pool) : new GemmEngine(pool);
  }
}
