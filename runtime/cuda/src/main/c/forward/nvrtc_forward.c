/*
 * libnvrtc.so.12 that forwards to libnvrtc.so.13: the functions the CUDA device calls through
 * JNvrtc. Every other function JNvrtc imports is a stub generated at build time (build.sh)
 * that returns NVRTC_ERROR_INTERNAL_ERROR. A function that cannot be found in libnvrtc.so.13
 * returns HC_UNRESOLVED (forward.h), never a status NVRTC itself returns.
 *
 * Signatures checked against nvrtc.h of CUDA 13.0 as bindgen sees it (cudarc's NVRTC bindings
 * for cuda-13000, each of these declared without a version condition, i.e. unchanged from
 * CUDA 11.4 through 13.0) and the NVRTC reference. What changed from 12 to 13 and matters here:
 * nvrtcResult gained codes after 11 (12 to 17: time file, PCH, cancelled, time trace), which
 * pass through as int; nvrtcGetNVVMSize/nvrtcGetNVVM, deprecated in 12, are not in the 13
 * bindings (JNvrtc imports them, so they are stubs); NVRTC 13 compiles for compute_75 and
 * newer only, so the caller must pass an architecture of at least 7.5 (an H100 is 9.0).
 */
#include "forward.h"

typedef int nvrtcResult;      /* enum: 0 success ... 11 internal error ... */
typedef void *nvrtcProgram;   /* struct _nvrtcProgram * */

static hc_target nvrtc13 = {"libnvrtc.so.13", "libnvrtc.so.12", NULL, 0, ""};

#define FORWARD(name, params, args) \
    HC_FORWARD(nvrtc13, nvrtcResult, name, HC_UNRESOLVED, params, args)

/* 13.0: nvrtcResult nvrtcVersion(int *major, int *minor); unchanged. */
FORWARD(nvrtcVersion, (int *major, int *minor), (major, minor))

/* 13.0: const char *nvrtcGetErrorString(nvrtcResult result); unchanged. HC_UNRESOLVED is
   answered with what the forwarder could not find. */
HC_FORWARD_STATUS_TEXT(nvrtc13, nvrtcGetErrorString,
                       "NVRTC_ERROR_INTERNAL_ERROR (libnvrtc.so.13 could not be loaded by the "
                       "libnvrtc.so.12 forwarder)")

/* 13.0: nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name,
   int numHeaders, const char * const *headers, const char * const *includeNames); unchanged. */
FORWARD(nvrtcCreateProgram,
        (nvrtcProgram *prog, const char *src, const char *name, int numHeaders,
         const char *const *headers, const char *const *includeNames),
        (prog, src, name, numHeaders, headers, includeNames))

/* 13.0: nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog); unchanged. */
FORWARD(nvrtcDestroyProgram, (nvrtcProgram *prog), (prog))

/* 13.0: nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions,
   const char * const *options); unchanged. */
FORWARD(nvrtcCompileProgram, (nvrtcProgram prog, int numOptions, const char *const *options),
        (prog, numOptions, options))

/* 13.0: nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet); unchanged. */
FORWARD(nvrtcGetProgramLogSize, (nvrtcProgram prog, size_t *logSizeRet), (prog, logSizeRet))

/* 13.0: nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log); unchanged. */
FORWARD(nvrtcGetProgramLog, (nvrtcProgram prog, char *log), (prog, log))

/* 13.0: nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet); unchanged. */
FORWARD(nvrtcGetPTXSize, (nvrtcProgram prog, size_t *ptxSizeRet), (prog, ptxSizeRet))

/* 13.0: nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx); unchanged. */
FORWARD(nvrtcGetPTX, (nvrtcProgram prog, char *ptx), (prog, ptx))

/* 13.0: nvrtcResult nvrtcGetCUBINSize(nvrtcProgram prog, size_t *cubinSizeRet); unchanged. */
FORWARD(nvrtcGetCUBINSize, (nvrtcProgram prog, size_t *cubinSizeRet), (prog, cubinSizeRet))

/* 13.0: nvrtcResult nvrtcGetCUBIN(nvrtcProgram prog, char *cubin); unchanged. */
FORWARD(nvrtcGetCUBIN, (nvrtcProgram prog, char *cubin), (prog, cubin))

/* 13.0: nvrtcResult nvrtcAddNameExpression(nvrtcProgram prog,
   const char * const name_expression); unchanged. */
FORWARD(nvrtcAddNameExpression, (nvrtcProgram prog, const char *nameExpression),
        (prog, nameExpression))

/* 13.0: nvrtcResult nvrtcGetLoweredName(nvrtcProgram prog, const char * const name_expression,
   const char **lowered_name); unchanged. */
FORWARD(nvrtcGetLoweredName,
        (nvrtcProgram prog, const char *nameExpression, const char **loweredName),
        (prog, nameExpression, loweredName))

/* 13.0: nvrtcResult nvrtcGetNumSupportedArchs(int *numArchs); unchanged. */
FORWARD(nvrtcGetNumSupportedArchs, (int *numArchs), (numArchs))

/* 13.0: nvrtcResult nvrtcGetSupportedArchs(int *supportedArchs); unchanged. */
FORWARD(nvrtcGetSupportedArchs, (int *supportedArchs), (supportedArchs))
