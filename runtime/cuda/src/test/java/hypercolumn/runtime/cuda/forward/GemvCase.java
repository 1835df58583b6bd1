package hypercolumn.runtime.cuda.forward;

/**
 * A column-major GEMV call, y = alpha op(A) x + beta y, with a transpose, a leading dimension
 * larger than needed and increments above one, so a dropped or swapped argument shows.
 */
enum GemvCase {
    SGEMV(1, 3, 2, 0.75f, 4, 2, -1.25f, 3);

    final int trans, m, n, lda, incx, incy;
    final float alpha, beta;

    GemvCase(int trans, int m, int n, float alpha, int lda, int incx, float beta, int incy) {
        this.trans = trans;
        this.m = m;
        this.n = n;
        this.alpha = alpha;
        this.lda = lda;
        this.incx = incx;
        this.beta = beta;
        this.incy = incy;
    }

    float[] a() {
        return GemmCase.values((long) lda * n, 1);
    }

    float[] x() {
        return GemmCase.values((long) ((trans == 0 ? n : m) - 1) * incx + 1, 4);
    }

    float[] y() {
        return GemmCase.values((long) ((trans == 0 ? m : n) - 1) * incy + 1, 6);
    }

    /** y after the call, computed in double. */
    float[] expected() {
        float[] a = a();
        float[] x = x();
        float[] y = y();
        int rows = trans == 0 ? m : n;
        int cols = trans == 0 ? n : m;
        for (int row = 0; row < rows; row++) {
            double sum = 0;
            for (int col = 0; col < cols; col++) {
                double element = trans == 0 ? a[row + col * lda] : a[col + row * lda];
                sum += element * x[col * incx];
            }
            y[row * incy] = (float) (alpha * sum + beta * y[row * incy]);
        }
        return y;
    }
}
