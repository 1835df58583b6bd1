package hypercolumn.runtime.cuda.forward;

/**
 * Column-major GEMM calls, C = alpha op(A) op(B) + beta C per batch, whose every argument is
 * distinct (leading dimensions larger than needed, odd strides, both transposes), so a
 * forwarder that dropped or swapped one gives different numbers. The fake CUDA 13 library
 * computes them on host memory; {@link #expected()} is the reference.
 */
enum GemmCase {
    SGEMM(1, 0, 2, 3, 4, 1.5f, 5, 0, 6, 0, 0.25f, 3, 0, 1),
    BATCHED(0, 1, 2, 2, 3, -0.5f, 2, 7, 2, 6, 2f, 2, 5, 3);

    final int transa, transb, m, n, k, lda, ldb, ldc, batchCount;
    final float alpha, beta;
    final long strideA, strideB, strideC;

    GemmCase(int transa, int transb, int m, int n, int k, float alpha, int lda, long strideA,
            int ldb, long strideB, float beta, int ldc, long strideC, int batchCount) {
        this.transa = transa;
        this.transb = transb;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.lda = lda;
        this.strideA = strideA;
        this.ldb = ldb;
        this.strideB = strideB;
        this.beta = beta;
        this.ldc = ldc;
        this.strideC = strideC;
        this.batchCount = batchCount;
    }

    float[] a() {
        return values((batchCount - 1) * strideA + (long) lda * (transa == 0 ? k : m), 3);
    }

    float[] b() {
        return values((batchCount - 1) * strideB + (long) ldb * (transb == 0 ? n : k), 5);
    }

    float[] c() {
        return values((batchCount - 1) * strideC + (long) ldc * n, 2);
    }

    /** C after the call, computed in double. */
    float[] expected() {
        float[] a = a();
        float[] b = b();
        float[] c = c();
        for (int batch = 0; batch < batchCount; batch++) {
            int offsetA = (int) (batch * strideA);
            int offsetB = (int) (batch * strideB);
            int offsetC = (int) (batch * strideC);
            for (int row = 0; row < m; row++) {
                for (int col = 0; col < n; col++) {
                    double sum = 0;
                    for (int i = 0; i < k; i++) {
                        double opA = transa == 0 ? a[offsetA + row + i * lda] : a[offsetA + i + row * lda];
                        double opB = transb == 0 ? b[offsetB + i + col * ldb] : b[offsetB + col + i * ldb];
                        sum += opA * opB;
                    }
                    int at = offsetC + row + col * ldc;
                    c[at] = (float) (alpha * sum + beta * c[at]);
                }
            }
        }
        return c;
    }

    /** Small distinct values, none zero, different per operand. */
    static float[] values(long length, int seed) {
        float[] values = new float[(int) length];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((i * 7 + seed) % 11 - 5.5f) / 4;
        }
        return values;
    }
}
