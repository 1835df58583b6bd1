/*
 * A stand-in for CUDA 13's libcublas.so.13 (soname and version node libcublas.so.13) for the
 * forwarding tests: it appends each call with its arguments to the file named by
 * FAKE_CUDA_LOG and computes the BLAS results on host memory, so a caller can check that
 * every argument arrived intact.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void record(const char *format, ...) {
    const char *path = getenv("FAKE_CUDA_LOG");
    FILE *log = path != NULL ? fopen(path, "a") : NULL;
    if (log == NULL) {
        return;
    }
    va_list args;
    va_start(args, format);
    vfprintf(log, format, args);
    va_end(args);
    fputc('\n', log);
    fclose(log);
}

static int pointer_mode, math_mode;
static void *stream;

int cublasCreate_v2(void **handle) {
    *handle = (void *) 0x13c0ffee;
    record("cublasCreate_v2");
    return 0;
}

int cublasDestroy_v2(void *handle) {
    record("cublasDestroy_v2 handle=%p", handle);
    return 0;
}

int cublasGetVersion_v2(void *handle, int *version) {
    *version = 130100;
    record("cublasGetVersion_v2 handle=%p", handle);
    return 0;
}

int cublasGetProperty(int type, int *value) {
    *value = type == 0 ? 13 : type == 1 ? 1 : 7;
    record("cublasGetProperty type=%d", type);
    return 0;
}

int cublasSetStream_v2(void *handle, void *s) {
    stream = s;
    record("cublasSetStream_v2 handle=%p stream=%p", handle, s);
    return 0;
}

int cublasGetStream_v2(void *handle, void **s) {
    *s = stream;
    record("cublasGetStream_v2 handle=%p", handle);
    return 0;
}

int cublasSetPointerMode_v2(void *handle, int mode) {
    pointer_mode = mode;
    record("cublasSetPointerMode_v2 handle=%p mode=%d", handle, mode);
    return 0;
}

int cublasGetPointerMode_v2(void *handle, int *mode) {
    *mode = pointer_mode;
    record("cublasGetPointerMode_v2 handle=%p", handle);
    return 0;
}

int cublasSetMathMode(void *handle, int mode) {
    math_mode = mode;
    record("cublasSetMathMode handle=%p mode=%d", handle, mode);
    return 0;
}

int cublasGetMathMode(void *handle, int *mode) {
    *mode = math_mode;
    record("cublasGetMathMode handle=%p", handle);
    return 0;
}

int cublasSetWorkspace_v2(void *handle, void *workspace, size_t bytes) {
    record("cublasSetWorkspace_v2 handle=%p workspace=%s bytes=%zu", handle,
           workspace != NULL ? "set" : "null", bytes);
    return 0;
}

/* Column-major element (row, col) of op(M) where M has leading dimension ld. */
static float element(const float *m, int ld, int transposed, int row, int col) {
    return transposed ? m[col + (long) row * ld] : m[row + (long) col * ld];
}

static void gemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc) {
    for (int col = 0; col < n; col++) {
        for (int row = 0; row < m; row++) {
            float sum = 0;
            for (int i = 0; i < k; i++) {
                sum += element(a, lda, ta, row, i) * element(b, ldb, tb, i, col);
            }
            c[row + (long) col * ldc] = alpha * sum + beta * c[row + (long) col * ldc];
        }
    }
}

int cublasSgemm_v2(void *handle, int ta, int tb, int m, int n, int k, const float *alpha,
                   const float *a, int lda, const float *b, int ldb, const float *beta, float *c,
                   int ldc) {
    record("cublasSgemm_v2 handle=%p transa=%d transb=%d m=%d n=%d k=%d alpha=%g lda=%d ldb=%d "
           "beta=%g ldc=%d", handle, ta, tb, m, n, k, *alpha, lda, ldb, *beta, ldc);
    gemm(ta, tb, m, n, k, *alpha, a, lda, b, ldb, *beta, c, ldc);
    return 0;
}

int cublasSgemmStridedBatched(void *handle, int ta, int tb, int m, int n, int k,
                              const float *alpha, const float *a, int lda, long long strideA,
                              const float *b, int ldb, long long strideB, const float *beta,
                              float *c, int ldc, long long strideC, int batchCount) {
    record("cublasSgemmStridedBatched handle=%p transa=%d transb=%d m=%d n=%d k=%d alpha=%g "
           "lda=%d strideA=%lld ldb=%d strideB=%lld beta=%g ldc=%d strideC=%lld batchCount=%d",
           handle, ta, tb, m, n, k, *alpha, lda, strideA, ldb, strideB, *beta, ldc, strideC,
           batchCount);
    for (int i = 0; i < batchCount; i++) {
        gemm(ta, tb, m, n, k, *alpha, a + i * strideA, lda, b + i * strideB, ldb, *beta,
             c + i * strideC, ldc);
    }
    return 0;
}

int cublasSgemv_v2(void *handle, int trans, int m, int n, const float *alpha, const float *a,
                   int lda, const float *x, int incx, const float *beta, float *y, int incy) {
    record("cublasSgemv_v2 handle=%p trans=%d m=%d n=%d alpha=%g lda=%d incx=%d beta=%g incy=%d",
           handle, trans, m, n, *alpha, lda, incx, *beta, incy);
    int rows = trans ? n : m, cols = trans ? m : n;
    for (int row = 0; row < rows; row++) {
        float sum = 0;
        for (int col = 0; col < cols; col++) {
            sum += element(a, lda, trans, row, col) * x[col * incx];
        }
        y[row * incy] = *alpha * sum + *beta * y[row * incy];
    }
    return 0;
}

const char *cublasGetStatusName(int status) {
    record("cublasGetStatusName status=%d", status);
    return "FAKE13_STATUS_NAME";
}

const char *cublasGetStatusString(int status) {
    record("cublasGetStatusString status=%d", status);
    return "fake 13 status string";
}
