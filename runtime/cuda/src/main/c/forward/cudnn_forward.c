/*
 * libcudnn.so.8 that forwards to libcudnn.so.9: the functions the CUDA device calls through
 * JCudnn 11.7.0, whose native imports every cuDNN function under the version node
 * libcudnn.so.8 (a symlink to cuDNN 9 fails at load time: "version 'libcudnn.so.8' not
 * found"). Every other function JCudnn imports is a stub generated at build time (build.sh)
 * that returns cuDNN 8's CUDNN_STATUS_NOT_SUPPORTED (9); among them the 54 that cuDNN 9
 * removed (legacy RNN, algorithm descriptors, *VersionCheck). A function that cannot be found
 * in libcudnn.so.9 returns HC_UNRESOLVED (forward.h).
 *
 * Signatures and struct layouts are unchanged from cuDNN 8.9 to 9.24 for every function here
 * (cudnn_graph.h, cudnn_ops.h and cudnn_cnn.h of 9.24 against cudnn_ops_infer.h,
 * cudnn_ops_train.h, cudnn_cnn_infer.h and cudnn_cnn_train.h of 8.9); cudnnBatchNormMode_t
 * keeps its numbers (PER_ACTIVATION 0, SPATIAL 1, SPATIAL_PERSISTENT 2). What changed is the status enum: cuDNN 8
 * numbers it 0-14, cuDNN 9 by category (1001-1008, 2000-2012, 3000-3014, 4000-4006,
 * 5000-5004), and JCudnn's Java side knows 0-14 only. So every status that crosses this library
 * is translated: return values and the .status field of the algorithm-performance arrays and
 * cudnnQueryRuntimeError's output from 9 to 8, cudnnGetErrorString's argument from 8 to 9.
 */
#include "forward.h"

typedef int cudnnStatus_t;
typedef void *cudnnHandle_t;
typedef void *cudaStream_t;
typedef void *cudnnTensorDescriptor_t;
typedef void *cudnnFilterDescriptor_t;
typedef void *cudnnConvolutionDescriptor_t;
typedef void *cudnnPoolingDescriptor_t;
typedef int cudnnEnum_t; /* every enum argument is passed on as int, new values unchanged */

/* cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t, one layout for the three (9.24 = 8.9). */
typedef struct {
    int algo;
    cudnnStatus_t status;
    float time;
    size_t memory;
    int determinism;
    int mathType;
    int reserved[3];
} hc_algo_perf;

static hc_target cudnn9 = {"libcudnn.so.9", "libcudnn.so.8", NULL, 0, ""};

/* cuDNN 9's status as cuDNN 8 numbers it: the named equivalents, else by category. */
static cudnnStatus_t hc_status_8(cudnnStatus_t status) {
    switch (status) {
        case HC_UNRESOLVED: return HC_UNRESOLVED;
        case 0: return 0;       /* SUCCESS */
        case 1001: return 1;    /* NOT_INITIALIZED */
        case 1002: return 14;   /* SUBLIBRARY_VERSION_MISMATCH -> VERSION_MISMATCH */
        case 1005: return 10;   /* LICENSE_ERROR */
        case 1006: return 12;   /* RUNTIME_IN_PROGRESS */
        case 1007: return 13;   /* RUNTIME_FP_OVERFLOW */
        case 2001: return 5;    /* BAD_PARAM_NULL_POINTER -> INVALID_VALUE */
        case 3007: return 6;    /* NOT_SUPPORTED_ARCH_MISMATCH -> ARCH_MISMATCH */
        case 3008: return 11;   /* NOT_SUPPORTED_RUNTIME_PREREQUISITE_MISSING */
        case 4003: case 4004: return 2;  /* ALLOC_FAILED */
        case 4006: return 7;    /* MAPPING_ERROR */
        default: break;
    }
    switch (status / 1000) {
        case 1: return 4;       /* INTERNAL_ERROR */
        case 2: return 3;       /* BAD_PARAM */
        case 3: return 9;       /* NOT_SUPPORTED */
        case 4: return 4;       /* INTERNAL_ERROR */
        case 5: return 8;       /* EXECUTION_FAILED */
        default: return status < 15 ? status : 4;
    }
}

/* cuDNN 8's status as cuDNN 9 numbers it, for cudnnGetErrorString. */
static cudnnStatus_t hc_status_9(cudnnStatus_t status) {
    static const cudnnStatus_t nine[15] = {
        0,    /* SUCCESS */
        1001, /* NOT_INITIALIZED */
        4003, /* ALLOC_FAILED */
        2000, /* BAD_PARAM */
        4000, /* INTERNAL_ERROR */
        2001, /* INVALID_VALUE */
        3007, /* ARCH_MISMATCH */
        4006, /* MAPPING_ERROR */
        5000, /* EXECUTION_FAILED */
        3000, /* NOT_SUPPORTED */
        1005, /* LICENSE_ERROR */
        3008, /* RUNTIME_PREREQUISITE_MISSING */
        1006, /* RUNTIME_IN_PROGRESS */
        1007, /* RUNTIME_FP_OVERFLOW */
        1002, /* VERSION_MISMATCH */
    };
    return status >= 0 && status < 15 ? nine[status] : status;
}

/* A forwarded function returning a status, translated to cuDNN 8's numbers. */
#define FORWARD(name, params, args)                                                   \
    HC_EXPORT cudnnStatus_t name params {                                            \
        static void *cached;                                                         \
        cudnnStatus_t (*function) params =                                           \
            (cudnnStatus_t (*) params) hc_resolve(&cudnn9, &cached, #name);          \
        return function == NULL ? HC_UNRESOLVED : hc_status_8(function args);        \
    }

/* A Find*AlgorithmEx: the return value and every returned perf entry's status translated. */
#define FORWARD_FIND(name, params, args)                                              \
    HC_EXPORT cudnnStatus_t name params {                                            \
        static void *cached;                                                         \
        cudnnStatus_t (*function) params =                                           \
            (cudnnStatus_t (*) params) hc_resolve(&cudnn9, &cached, #name);          \
        if (function == NULL) {                                                      \
            return HC_UNRESOLVED;                                                    \
        }                                                                            \
        cudnnStatus_t status = function args;                                        \
        for (int i = 0; returned != NULL && perf != NULL && i < *returned; i++) {    \
            perf[i].status = hc_status_8(perf[i].status);                            \
        }                                                                            \
        return hc_status_8(status);                                                  \
    }

/* size_t cudnnGetVersion(void); unchanged (9.24 reports 92400). 0 when cuDNN 9 is missing. */
HC_FORWARD(cudnn9, size_t, cudnnGetVersion, 0, (void), ())

/* size_t cudnnGetCudartVersion(void); unchanged. */
HC_FORWARD(cudnn9, size_t, cudnnGetCudartVersion, 0, (void), ())

/* const char *cudnnGetErrorString(cudnnStatus_t); cuDNN 9 answers CUDNN_UNKNOWN_STATUS for
   cuDNN 8's numbers, so the argument is translated first. HC_UNRESOLVED is answered with what
   the forwarder could not find. */
HC_EXPORT const char *cudnnGetErrorString(cudnnStatus_t status) {
    static void *cached;
    if (status == HC_UNRESOLVED) {
        return cudnn9.failure[0] != '\0' ? cudnn9.failure
            : "a cudnnGetErrorString status of -1 that no forwarder call returned";
    }
    const char *(*function)(cudnnStatus_t) =
        (const char *(*)(cudnnStatus_t)) hc_resolve(&cudnn9, &cached, "cudnnGetErrorString");
    return function != NULL ? function(hc_status_9(status))
        : "cuDNN 9 (libcudnn.so.9) could not be opened by the libcudnn.so.8 forwarder";
}

/* cudnnStatus_t cudnnQueryRuntimeError(cudnnHandle_t, cudnnStatus_t *rstatus,
   cudnnErrQueryMode_t mode, cudnnRuntimeTag_t *tag); the status it writes is translated too. */
HC_EXPORT cudnnStatus_t cudnnQueryRuntimeError(cudnnHandle_t handle, cudnnStatus_t *rstatus,
                                               cudnnEnum_t mode, void *tag) {
    static void *cached;
    cudnnStatus_t (*function)(cudnnHandle_t, cudnnStatus_t *, cudnnEnum_t, void *) =
        (cudnnStatus_t (*)(cudnnHandle_t, cudnnStatus_t *, cudnnEnum_t, void *))
            hc_resolve(&cudnn9, &cached, "cudnnQueryRuntimeError");
    if (function == NULL) {
        return HC_UNRESOLVED;
    }
    cudnnStatus_t status = function(handle, rstatus, mode, tag);
    if (rstatus != NULL) {
        *rstatus = hc_status_8(*rstatus);
    }
    return hc_status_8(status);
}

/* Handle and stream. */
FORWARD(cudnnCreate, (cudnnHandle_t *handle), (handle))
FORWARD(cudnnDestroy, (cudnnHandle_t handle), (handle))
FORWARD(cudnnSetStream, (cudnnHandle_t handle, cudaStream_t stream), (handle, stream))
FORWARD(cudnnGetStream, (cudnnHandle_t handle, cudaStream_t *stream), (handle, stream))

/* Tensor descriptors. */
FORWARD(cudnnCreateTensorDescriptor, (cudnnTensorDescriptor_t *desc), (desc))
FORWARD(cudnnDestroyTensorDescriptor, (cudnnTensorDescriptor_t desc), (desc))
FORWARD(cudnnSetTensor4dDescriptor,
        (cudnnTensorDescriptor_t desc, cudnnEnum_t format, cudnnEnum_t type, int n, int c, int h, int w),
        (desc, format, type, n, c, h, w))
FORWARD(cudnnSetTensor4dDescriptorEx,
        (cudnnTensorDescriptor_t desc, cudnnEnum_t type, int n, int c, int h, int w, int nStride,
         int cStride, int hStride, int wStride),
        (desc, type, n, c, h, w, nStride, cStride, hStride, wStride))
FORWARD(cudnnGetTensor4dDescriptor,
        (cudnnTensorDescriptor_t desc, cudnnEnum_t *type, int *n, int *c, int *h, int *w,
         int *nStride, int *cStride, int *hStride, int *wStride),
        (desc, type, n, c, h, w, nStride, cStride, hStride, wStride))

/* Filter descriptors. */
FORWARD(cudnnCreateFilterDescriptor, (cudnnFilterDescriptor_t *desc), (desc))
FORWARD(cudnnDestroyFilterDescriptor, (cudnnFilterDescriptor_t desc), (desc))
FORWARD(cudnnSetFilter4dDescriptor,
        (cudnnFilterDescriptor_t desc, cudnnEnum_t type, cudnnEnum_t format, int k, int c, int h, int w),
        (desc, type, format, k, c, h, w))

/* Convolution descriptors. */
FORWARD(cudnnCreateConvolutionDescriptor, (cudnnConvolutionDescriptor_t *desc), (desc))
FORWARD(cudnnDestroyConvolutionDescriptor, (cudnnConvolutionDescriptor_t desc), (desc))
FORWARD(cudnnSetConvolution2dDescriptor,
        (cudnnConvolutionDescriptor_t desc, int padH, int padW, int strideH, int strideW,
         int dilationH, int dilationW, cudnnEnum_t mode, cudnnEnum_t computeType),
        (desc, padH, padW, strideH, strideW, dilationH, dilationW, mode, computeType))
FORWARD(cudnnSetConvolutionMathType, (cudnnConvolutionDescriptor_t desc, cudnnEnum_t mathType),
        (desc, mathType))
FORWARD(cudnnGetConvolution2dForwardOutputDim,
        (cudnnConvolutionDescriptor_t conv, cudnnTensorDescriptor_t x, cudnnFilterDescriptor_t w,
         int *n, int *c, int *h, int *wd),
        (conv, x, w, n, c, h, wd))

/* Pooling descriptors. */
FORWARD(cudnnCreatePoolingDescriptor, (cudnnPoolingDescriptor_t *desc), (desc))
FORWARD(cudnnDestroyPoolingDescriptor, (cudnnPoolingDescriptor_t desc), (desc))
FORWARD(cudnnSetPooling2dDescriptor,
        (cudnnPoolingDescriptor_t desc, cudnnEnum_t mode, cudnnEnum_t nanOpt, int windowH,
         int windowW, int padH, int padW, int strideH, int strideW),
        (desc, mode, nanOpt, windowH, windowW, padH, padW, strideH, strideW))
FORWARD(cudnnGetPooling2dForwardOutputDim,
        (cudnnPoolingDescriptor_t pool, cudnnTensorDescriptor_t x, int *n, int *c, int *h, int *w),
        (pool, x, n, c, h, w))

/* Algorithm search and workspace sizes. */
FORWARD_FIND(cudnnFindConvolutionForwardAlgorithmEx,
        (cudnnHandle_t handle, cudnnTensorDescriptor_t xDesc, const void *x,
         cudnnFilterDescriptor_t wDesc, const void *w, cudnnConvolutionDescriptor_t conv,
         cudnnTensorDescriptor_t yDesc, void *y, int requested, int *returned, hc_algo_perf *perf,
         void *workspace, size_t workspaceBytes),
        (handle, xDesc, x, wDesc, w, conv, yDesc, y, requested, returned, perf, workspace, workspaceBytes))
FORWARD_FIND(cudnnFindConvolutionBackwardDataAlgorithmEx,
        (cudnnHandle_t handle, cudnnFilterDescriptor_t wDesc, const void *w,
         cudnnTensorDescriptor_t dyDesc, const void *dy, cudnnConvolutionDescriptor_t conv,
         cudnnTensorDescriptor_t dxDesc, void *dx, int requested, int *returned, hc_algo_perf *perf,
         void *workspace, size_t workspaceBytes),
        (handle, wDesc, w, dyDesc, dy, conv, dxDesc, dx, requested, returned, perf, workspace, workspaceBytes))
FORWARD_FIND(cudnnFindConvolutionBackwardFilterAlgorithmEx,
        (cudnnHandle_t handle, cudnnTensorDescriptor_t xDesc, const void *x,
         cudnnTensorDescriptor_t dyDesc, const void *dy, cudnnConvolutionDescriptor_t conv,
         cudnnFilterDescriptor_t dwDesc, void *dw, int requested, int *returned, hc_algo_perf *perf,
         void *workspace, size_t workspaceBytes),
        (handle, xDesc, x, dyDesc, dy, conv, dwDesc, dw, requested, returned, perf, workspace, workspaceBytes))
FORWARD(cudnnGetConvolutionForwardWorkspaceSize,
        (cudnnHandle_t handle, cudnnTensorDescriptor_t xDesc, cudnnFilterDescriptor_t wDesc,
         cudnnConvolutionDescriptor_t conv, cudnnTensorDescriptor_t yDesc, cudnnEnum_t algo, size_t *bytes),
        (handle, xDesc, wDesc, conv, yDesc, algo, bytes))
FORWARD(cudnnGetConvolutionBackwardDataWorkspaceSize,
        (cudnnHandle_t handle, cudnnFilterDescriptor_t wDesc, cudnnTensorDescriptor_t dyDesc,
         cudnnConvolutionDescriptor_t conv, cudnnTensorDescriptor_t dxDesc, cudnnEnum_t algo, size_t *bytes),
        (handle, wDesc, dyDesc, conv, dxDesc, algo, bytes))
FORWARD(cudnnGetConvolutionBackwardFilterWorkspaceSize,
        (cudnnHandle_t handle, cudnnTensorDescriptor_t xDesc, cudnnTensorDescriptor_t dyDesc,
         cudnnConvolutionDescriptor_t conv, cudnnFilterDescriptor_t dwDesc, cudnnEnum_t algo, size_t *bytes),
        (handle, xDesc, dyDesc, conv, dwDesc, algo, bytes))

/* The computations. */
FORWARD(cudnnConvolutionForward,
        (cudnnHandle_t handle, const void *alpha, cudnnTensorDescriptor_t xDesc, const void *x,
         cudnnFilterDescriptor_t wDesc, const void *w, cudnnConvolutionDescriptor_t conv,
         cudnnEnum_t algo, void *workspace, size_t workspaceBytes, const void *beta,
         cudnnTensorDescriptor_t yDesc, void *y),
        (handle, alpha, xDesc, x, wDesc, w, conv, algo, workspace, workspaceBytes, beta, yDesc, y))
FORWARD(cudnnConvolutionBackwardData,
        (cudnnHandle_t handle, const void *alpha, cudnnFilterDescriptor_t wDesc, const void *w,
         cudnnTensorDescriptor_t dyDesc, const void *dy, cudnnConvolutionDescriptor_t conv,
         cudnnEnum_t algo, void *workspace, size_t workspaceBytes, const void *beta,
         cudnnTensorDescriptor_t dxDesc, void *dx),
        (handle, alpha, wDesc, w, dyDesc, dy, conv, algo, workspace, workspaceBytes, beta, dxDesc, dx))
FORWARD(cudnnConvolutionBackwardFilter,
        (cudnnHandle_t handle, const void *alpha, cudnnTensorDescriptor_t xDesc, const void *x,
         cudnnTensorDescriptor_t dyDesc, const void *dy, cudnnConvolutionDescriptor_t conv,
         cudnnEnum_t algo, void *workspace, size_t workspaceBytes, const void *beta,
         cudnnFilterDescriptor_t dwDesc, void *dw),
        (handle, alpha, xDesc, x, dyDesc, dy, conv, algo, workspace, workspaceBytes, beta, dwDesc, dw))
FORWARD(cudnnConvolutionBackwardBias,
        (cudnnHandle_t handle, const void *alpha, cudnnTensorDescriptor_t dyDesc, const void *dy,
         const void *beta, cudnnTensorDescriptor_t dbDesc, void *db),
        (handle, alpha, dyDesc, dy, beta, dbDesc, db))
FORWARD(cudnnPoolingForward,
        (cudnnHandle_t handle, cudnnPoolingDescriptor_t pool, const void *alpha,
         cudnnTensorDescriptor_t xDesc, const void *x, const void *beta,
         cudnnTensorDescriptor_t yDesc, void *y),
        (handle, pool, alpha, xDesc, x, beta, yDesc, y))
FORWARD(cudnnPoolingBackward,
        (cudnnHandle_t handle, cudnnPoolingDescriptor_t pool, const void *alpha,
         cudnnTensorDescriptor_t yDesc, const void *y, cudnnTensorDescriptor_t dyDesc,
         const void *dy, cudnnTensorDescriptor_t xDesc, const void *x, const void *beta,
         cudnnTensorDescriptor_t dxDesc, void *dx),
        (handle, pool, alpha, yDesc, y, dyDesc, dy, xDesc, x, beta, dxDesc, dx))
FORWARD(cudnnAddTensor,
        (cudnnHandle_t handle, const void *alpha, cudnnTensorDescriptor_t aDesc, const void *a,
         const void *beta, cudnnTensorDescriptor_t cDesc, void *c),
        (handle, alpha, aDesc, a, beta, cDesc, c))
FORWARD(cudnnTransformTensor,
        (cudnnHandle_t handle, const void *alpha, cudnnTensorDescriptor_t xDesc, const void *x,
         const void *beta, cudnnTensorDescriptor_t yDesc, void *y),
        (handle, alpha, xDesc, x, beta, yDesc, y))
FORWARD(cudnnSetTensor,
        (cudnnHandle_t handle, cudnnTensorDescriptor_t yDesc, void *y, const void *value),
        (handle, yDesc, y, value))

/* Batch normalization: cudnn_ops.h of 9.24 (deprecated there, still exported), cudnn_ops_infer.h
   and cudnn_ops_train.h of 8.9. Mean, variance and epsilon are doubles in both. */
FORWARD(cudnnDeriveBNTensorDescriptor,
        (cudnnTensorDescriptor_t derivedBnDesc, cudnnTensorDescriptor_t xDesc, cudnnEnum_t mode),
        (derivedBnDesc, xDesc, mode))
FORWARD(cudnnBatchNormalizationForwardTraining,
        (cudnnHandle_t handle, cudnnEnum_t mode, const void *alpha, const void *beta,
         cudnnTensorDescriptor_t xDesc, const void *x, cudnnTensorDescriptor_t yDesc, void *y,
         cudnnTensorDescriptor_t bnDesc, const void *bnScale, const void *bnBias,
         double exponentialAverageFactor, void *runningMean, void *runningVariance, double epsilon,
         void *saveMean, void *saveInvVariance),
        (handle, mode, alpha, beta, xDesc, x, yDesc, y, bnDesc, bnScale, bnBias, exponentialAverageFactor,
         runningMean, runningVariance, epsilon, saveMean, saveInvVariance))
FORWARD(cudnnBatchNormalizationForwardInference,
        (cudnnHandle_t handle, cudnnEnum_t mode, const void *alpha, const void *beta,
         cudnnTensorDescriptor_t xDesc, const void *x, cudnnTensorDescriptor_t yDesc, void *y,
         cudnnTensorDescriptor_t bnDesc, const void *bnScale, const void *bnBias,
         const void *estimatedMean, const void *estimatedVariance, double epsilon),
        (handle, mode, alpha, beta, xDesc, x, yDesc, y, bnDesc, bnScale, bnBias, estimatedMean,
         estimatedVariance, epsilon))
FORWARD(cudnnBatchNormalizationBackward,
        (cudnnHandle_t handle, cudnnEnum_t mode, const void *alphaDataDiff, const void *betaDataDiff,
         const void *alphaParamDiff, const void *betaParamDiff, cudnnTensorDescriptor_t xDesc,
         const void *x, cudnnTensorDescriptor_t dyDesc, const void *dy, cudnnTensorDescriptor_t dxDesc,
         void *dx, cudnnTensorDescriptor_t bnDesc, const void *bnScale, void *dBnScale, void *dBnBias,
         double epsilon, const void *savedMean, const void *savedInvVariance),
        (handle, mode, alphaDataDiff, betaDataDiff, alphaParamDiff, betaParamDiff, xDesc, x, dyDesc, dy,
         dxDesc, dx, bnDesc, bnScale, dBnScale, dBnBias, epsilon, savedMean, savedInvVariance))
