package hypercolumn.runtime.cpu;

/** Splits a GEMM among the pool's threads. */
final class GemmEngine {
  private final WorkerPool pool;
  private final RowsJob rows = new RowsJob();

  GemmEngine(WorkerPool pool) {
    this.pool = pool;
  }

  void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    RowsJob job = rows;
    job.transposeA = transposeA;
    job.transposeB = transposeB;
    job.n = n;
    job.k = k;
    job.alpha = alpha;
    job.a = a;
    job.aOffset = aOffset;
    job.lda = lda;
    job.b = b;
    job.bOffset = bOffset;
    job.ldb = ldb;
    job.beta = beta;
    job.c = c;
    job.cOffset = cOffset;
    job.ldc = ldc;
    long flops = 2L * m * n * k;
    try {
      pool.run(job, job.prepare(m, 1, flops < 1 << 18 ? 1 : pool.threads()));
    } finally {
      job.a = null;
      job.b = null;
      job.c = null;
    }
  }

  private static final class RowsJob extends RangeJob {
    boolean transposeA;
    boolean transposeB;
    int n;
    int k;
    float alpha;
    float[] a;
    int aOffset;
    int lda;
    float[] b;
    int bOffset;
    int ldb;
    float beta;
    float[] c;
    int cOffset;
    int ldc;

    @Override
    void run(int block, int from, int to) {
      Gemm.simple(transposeA, transposeB, from, to, n, k, alpha, a, aOffset, lda, b, bOffset,
          ldb, beta, c, cOffset, ldc);
    }
  }
}
