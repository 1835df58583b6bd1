/*
 * libcublas.so.12 that forwards to libcublas.so.13: the functions the CUDA device calls
 * through JCublas2. Every other function JCublas2 imports is a stub generated at build time
 * (build.sh) that returns CUBLAS_STATUS_NOT_SUPPORTED. A function that cannot be found in
 * libcublas.so.13 returns HC_UNRESOLVED (forward.h), never a status cuBLAS itself returns.
 *
 * Signatures checked against cublas_api.h of CUDA 13.0 as bindgen sees it (cudarc's cuBLAS
 * bindings for the cuda-13000 feature, where each of these is declared without a version
 * condition, i.e. unchanged from CUDA 11.4 through 13.0) and against the cuBLAS reference.
 * What changed from 12 to 13 and matters here: cublasMath_t gained
 * CUBLAS_FP32_EMULATED_BF16X9_MATH (4) and CUBLAS_FP64_EMULATED_FIXEDPOINT_MATH (8); enums
 * are passed on as int, so new values pass through unchanged. cublasStatus_t kept its values.
 */
#include "forward.h"

typedef int cublasStatus_t;      /* enum: 0 success, 1 not initialized, ..., 15 not supported */
typedef void *cublasHandle_t;    /* struct cublasContext * */
typedef void *cudaStream_t;      /* struct CUstream_st * */
typedef int cublasOperation_t;   /* enum: N 0, T 1, C 2 */
typedef int cublasPointerMode_t; /* enum: host 0, device 1 */
typedef int cublasMath_t;        /* enum, see above */

typedef int libraryPropertyType; /* enum: MAJOR_VERSION 0, MINOR_VERSION 1, PATCH_LEVEL 2 */

static hc_target cublas13 = {"libcublas.so.13", "libcublas.so.12", NULL, 0, ""};

#define FORWARD(name, params, args) \
    HC_FORWARD(cublas13, cublasStatus_t, name, HC_UNRESOLVED, params, args)

/* 13.0: cublasStatus_t cublasCreate_v2(cublasHandle_t *handle); unchanged. */
FORWARD(cublasCreate_v2, (cublasHandle_t *handle), (handle))

/* 13.0: cublasStatus_t cublasDestroy_v2(cublasHandle_t handle); unchanged. */
FORWARD(cublasDestroy_v2, (cublasHandle_t handle), (handle))

/* 13.0: cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version); unchanged
   (the version it reports is 13xxxx). */
FORWARD(cublasGetVersion_v2, (cublasHandle_t handle, int *version), (handle, version))

/* 13.0: cublasStatus_t cublasGetProperty(libraryPropertyType type, int *value); unchanged.
   Needs no handle, so the runtime learns cuBLAS's version before it asks for a GPU. */
FORWARD(cublasGetProperty, (libraryPropertyType type, int *value), (type, value))

/* 13.0: cublasStatus_t cublasSetStream_v2(cublasHandle_t, cudaStream_t streamId); unchanged. */
FORWARD(cublasSetStream_v2, (cublasHandle_t handle, cudaStream_t stream), (handle, stream))

/* 13.0: cublasStatus_t cublasGetStream_v2(cublasHandle_t, cudaStream_t *streamId); unchanged. */
FORWARD(cublasGetStream_v2, (cublasHandle_t handle, cudaStream_t *stream), (handle, stream))

/* 13.0: cublasStatus_t cublasSetPointerMode_v2(cublasHandle_t, cublasPointerMode_t mode);
   unchanged. */
FORWARD(cublasSetPointerMode_v2, (cublasHandle_t handle, cublasPointerMode_t mode),
        (handle, mode))

/* 13.0: cublasStatus_t cublasGetPointerMode_v2(cublasHandle_t, cublasPointerMode_t *mode);
   unchanged. */
FORWARD(cublasGetPointerMode_v2, (cublasHandle_t handle, cublasPointerMode_t *mode),
        (handle, mode))

/* 13.0: cublasStatus_t cublasSetMathMode(cublasHandle_t, cublasMath_t mode); unchanged; the
   enum gained two values (see the top of the file). */
FORWARD(cublasSetMathMode, (cublasHandle_t handle, cublasMath_t mode), (handle, mode))

/* 13.0: cublasStatus_t cublasGetMathMode(cublasHandle_t, cublasMath_t *mode); unchanged. */
FORWARD(cublasGetMathMode, (cublasHandle_t handle, cublasMath_t *mode), (handle, mode))

/* 13.0: cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t, void *workspace,
   size_t workspaceSizeInBytes); unchanged. */
FORWARD(cublasSetWorkspace_v2, (cublasHandle_t handle, void *workspace, size_t bytes),
        (handle, workspace, bytes))

/* 13.0: cublasStatus_t cublasSgemm_v2(cublasHandle_t, cublasOperation_t transa,
   cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda,
   const float *B, int ldb, const float *beta, float *C, int ldc); unchanged (the 64-bit
   index variant is the separate cublasSgemm_v2_64). */
FORWARD(cublasSgemm_v2,
        (cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
         int k, const float *alpha, const float *A, int lda, const float *B, int ldb,
         const float *beta, float *C, int ldc),
        (handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc))

/* 13.0: cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t, cublasOperation_t transa,
   cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda,
   long long int strideA, const float *B, int ldb, long long int strideB, const float *beta,
   float *C, int ldc, long long int strideC, int batchCount); unchanged. */
FORWARD(cublasSgemmStridedBatched,
        (cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
         int k, const float *alpha, const float *A, int lda, long long strideA, const float *B,
         int ldb, long long strideB, const float *beta, float *C, int ldc, long long strideC,
         int batchCount),
        (handle, transa, transb, m, n, k, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc,
         strideC, batchCount))

/* 13.0: cublasStatus_t cublasSgemv_v2(cublasHandle_t, cublasOperation_t trans, int m, int n,
   const float *alpha, const float *A, int lda, const float *x, int incx, const float *beta,
   float *y, int incy); unchanged. */
FORWARD(cublasSgemv_v2,
        (cublasHandle_t handle, cublasOperation_t trans, int m, int n, const float *alpha,
         const float *A, int lda, const float *x, int incx, const float *beta, float *y,
         int incy),
        (handle, trans, m, n, alpha, A, lda, x, incx, beta, y, incy))

/* 13.0: const char *cublasGetStatusName(cublasStatus_t status); unchanged. Without the CUDA 13
   library there is still an answer, so an error message can be built; HC_UNRESOLVED is
   answered with what the forwarder could not find. */
HC_FORWARD_STATUS_TEXT(cublas13, cublasGetStatusName,
                       "CUBLAS_STATUS_NOT_INITIALIZED (libcublas.so.13 could not be loaded)")

/* 13.0: const char *cublasGetStatusString(cublasStatus_t status); unchanged. */
HC_FORWARD_STATUS_TEXT(cublas13, cublasGetStatusString,
                       "libcublas.so.13 could not be loaded by the libcublas.so.12 forwarder")
