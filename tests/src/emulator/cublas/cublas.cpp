// The emulated cuBLAS v2: handles, their settings, SGEMM (plain and strided batched) and SGEMV
// with cuBLAS's column-major semantics and argument checks. Each product is handed to the
// emulated driver's hcEmuEnqueue with copies of its arguments, so it runs in stream order and is
// recorded, not run, while the handle's stream captures a graph.
//
// Accumulation is in double: each element of op(A) * op(B) is summed in double and rounded to
// float once, after alpha and beta are applied; a GPU sums in float in some order, so results
// agree to a few float ulps of the sum of magnitudes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <mutex>
#include <set>
#include <vector>

#include "../common/emulator_internal.h"

#define HC_EXPORT extern "C" __attribute__((visibility("default")))

typedef int cublasStatus_t;
enum : int {
  CUBLAS_STATUS_SUCCESS = 0,
  CUBLAS_STATUS_NOT_INITIALIZED = 1,
  CUBLAS_STATUS_INVALID_VALUE = 7,
  CUBLAS_STATUS_EXECUTION_FAILED = 13,
  CUBLAS_STATUS_NOT_SUPPORTED = 15,
};
enum : int { CUBLAS_OP_N = 0, CUBLAS_OP_T = 1, CUBLAS_OP_C = 2 };
enum : int { CUBLAS_POINTER_MODE_HOST = 0, CUBLAS_POINTER_MODE_DEVICE = 1 };

struct HcBlas {
  CUstream stream = nullptr;
  int pointerMode = CUBLAS_POINTER_MODE_HOST;
  int mathMode = 0;
  void* workspace = nullptr;
  size_t workspaceBytes = 0;
};
typedef HcBlas* cublasHandle_t;

namespace {

std::mutex handlesLock;
std::set<HcBlas*> handles;

bool valid(cublasHandle_t handle) {
  std::lock_guard<std::mutex> guard(handlesLock);
  return handles.count(handle) != 0;
}

/** alpha or beta: the value now (host pointer mode) or the address to read when the work runs. */
struct Scalar {
  float value;
  const float* device;
  float get() const { return device != nullptr ? *device : value; }
};

Scalar scalar(cublasHandle_t handle, const float* pointer) {
  return handle->pointerMode == CUBLAS_POINTER_MODE_DEVICE ? Scalar{0, pointer} : Scalar{*pointer, nullptr};
}

/** One column-major SGEMM or a batch of them, everything by value. */
struct Gemm {
  bool transA, transB;
  int m, n, k;
  Scalar alpha, beta;
  const float* a;
  long long lda, strideA;
  const float* b;
  long long ldb, strideB;
  float* c;
  long long ldc, strideC;
  int batches;
};

void runGemm(void* data) {
  const Gemm& g = *(const Gemm*) data;
  float alpha = g.alpha.get();
  float beta = g.beta.get();
  std::vector<double> column(g.m);
  for (int batch = 0; batch < g.batches; batch++) {
    const float* a = g.a + batch * g.strideA;
    const float* b = g.b + batch * g.strideB;
    float* c = g.c + batch * g.strideC;
    for (int j = 0; j < g.n; j++) {
      std::fill(column.begin(), column.end(), 0.0);
      if (alpha != 0.0f) {  // as in BLAS, A and B are not read when alpha is 0
        for (int l = 0; l < g.k; l++) {
          double bl = g.transB ? b[j + l * g.ldb] : b[l + j * g.ldb];
          if (g.transA) {
            for (int i = 0; i < g.m; i++) {
              column[i] += (double) a[l + i * g.lda] * bl;
            }
          } else {
            const float* al = a + l * g.lda;
            for (int i = 0; i < g.m; i++) {
              column[i] += (double) al[i] * bl;
            }
          }
        }
      }
      float* cj = c + j * g.ldc;
      for (int i = 0; i < g.m; i++) {
        double product = (double) alpha * column[i];
        cj[i] = (float) (beta == 0.0f ? product : product + (double) beta * cj[i]);
      }
    }
  }
}

bool transposeFlag(int op, bool& transposed) {
  transposed = op == CUBLAS_OP_T || op == CUBLAS_OP_C;
  return op == CUBLAS_OP_N || transposed;
}

/** Whether a column-major rows x columns matrix with this leading dimension lies in device memory. */
bool inDevice(const float* matrix, long long rows, long long columns, long long ld) {
  if (rows == 0 || columns == 0) {
    return true;
  }
  return hcEmuDeviceRange(matrix, (size_t) ((columns - 1) * ld + rows) * sizeof(float)) != 0;
}

cublasStatus_t gemm(cublasHandle_t handle, int opA, int opB, int m, int n, int k, const float* alpha,
                    const float* a, int lda, long long strideA, const float* b, int ldb, long long strideB,
                    const float* beta, float* c, int ldc, long long strideC, int batches) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  bool transA, transB;
  if (!transposeFlag(opA, transA) || !transposeFlag(opB, transB) || m < 0 || n < 0 || k < 0 || batches < 0 ||
      lda < std::max(1, transA ? k : m) || ldb < std::max(1, transB ? n : k) || ldc < std::max(1, m) ||
      alpha == nullptr || beta == nullptr) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  if (m == 0 || n == 0 || batches == 0) {
    return CUBLAS_STATUS_SUCCESS;
  }
  if (handle->pointerMode == CUBLAS_POINTER_MODE_DEVICE &&
      (hcEmuDeviceRange(alpha, sizeof(float)) == 0 || hcEmuDeviceRange(beta, sizeof(float)) == 0)) {
    fprintf(stderr, "hypercolumn CUDA emulator: cublasSgemm: device pointer mode, but alpha or beta is not in device memory\n");
    return CUBLAS_STATUS_EXECUTION_FAILED;
  }
  Gemm work{transA, transB, m, n, k, scalar(handle, alpha), scalar(handle, beta), a, lda, strideA, b, ldb,
            strideB, c, ldc, strideC, batches};
  // A pointer outside every allocation would be an illegal address on a GPU: say so here.
  for (int batch = 0; batch < batches; batch++) {
    if (!inDevice(a + batch * strideA, transA ? k : m, transA ? m : k, lda) ||
        !inDevice(b + batch * strideB, transB ? n : k, transB ? k : n, ldb) ||
        !inDevice(c + batch * strideC, m, n, ldc)) {
      fprintf(stderr, "hypercolumn CUDA emulator: cublasSgemm: a matrix of batch %d is outside device memory\n", batch);
      return CUBLAS_STATUS_EXECUTION_FAILED;
    }
  }
  return hcEmuEnqueue(handle->stream, runGemm, &work, sizeof work) == 0 ? CUBLAS_STATUS_SUCCESS
                                                                         : CUBLAS_STATUS_EXECUTION_FAILED;
}

/** y = alpha * op(A) x + beta * y, column-major A of m x n; negative increments walk backwards. */
struct Gemv {
  bool trans;
  int m, n;
  Scalar alpha, beta;
  const float* a;
  int lda;
  const float* x;
  int incx;
  float* y;
  int incy;
};

void runGemv(void* data) {
  const Gemv& g = *(const Gemv*) data;
  float alpha = g.alpha.get();
  float beta = g.beta.get();
  int lengthX = g.trans ? g.m : g.n;
  int lengthY = g.trans ? g.n : g.m;
  auto xAt = [&](long long i) { return g.x[(g.incx > 0 ? i : lengthX - 1 - i) * std::abs((long long) g.incx)]; };
  for (int i = 0; i < lengthY; i++) {
    double sum = 0;
    if (alpha != 0.0f) {
      for (int l = 0; l < lengthX; l++) {
        float element = g.trans ? g.a[l + (long long) i * g.lda] : g.a[i + (long long) l * g.lda];
        sum += (double) element * xAt(l);
      }
    }
    float& yi = g.y[(g.incy > 0 ? i : lengthY - 1 - i) * std::abs((long long) g.incy)];
    double product = (double) alpha * sum;
    yi = (float) (beta == 0.0f ? product : product + (double) beta * yi);
  }
}

}  // namespace

HC_EXPORT cublasStatus_t cublasCreate_v2(cublasHandle_t* handle) {
  if (handle == nullptr) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  std::lock_guard<std::mutex> guard(handlesLock);
  *handle = new HcBlas();
  handles.insert(*handle);
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasDestroy_v2(cublasHandle_t handle) {
  std::lock_guard<std::mutex> guard(handlesLock);
  if (handles.erase(handle) == 0) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  delete handle;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int* version) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  if (version == nullptr) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  *version = 120600;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasGetProperty(int type, int* value) {
  static const int kVersion[] = {12, 6, 0};  // MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL
  if (value == nullptr || type < 0 || type > 2) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  *value = kVersion[type];
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT size_t cublasGetCudartVersion() { return 12060; }

HC_EXPORT cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, CUstream stream) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  handle->stream = stream;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasGetStream_v2(cublasHandle_t handle, CUstream* stream) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  if (stream == nullptr) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  *stream = handle->stream;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasSetPointerMode_v2(cublasHandle_t handle, int mode) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  if (mode != CUBLAS_POINTER_MODE_HOST && mode != CUBLAS_POINTER_MODE_DEVICE) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  handle->pointerMode = mode;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasGetPointerMode_v2(cublasHandle_t handle, int* mode) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  if (mode == nullptr) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  *mode = handle->pointerMode;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasSetMathMode(cublasHandle_t handle, int mode) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  // DEFAULT 0, TENSOR_OP 1, PEDANTIC 2, TF32_TENSOR_OP 3, plus DISALLOW_REDUCED_PRECISION_REDUCTION 16.
  if ((mode & ~16) < 0 || (mode & ~16) > 3) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  handle->mathMode = mode;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasGetMathMode(cublasHandle_t handle, int* mode) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  if (mode == nullptr) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  *mode = handle->mathMode;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void* workspace, size_t bytes) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  if ((workspace == nullptr && bytes > 0) || (uintptr_t) workspace % 256 != 0) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  handle->workspace = workspace;
  handle->workspaceBytes = bytes;
  return CUBLAS_STATUS_SUCCESS;
}

HC_EXPORT cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, int opA, int opB, int m, int n, int k,
                                        const float* alpha, const float* a, int lda, const float* b, int ldb,
                                        const float* beta, float* c, int ldc) {
  return gemm(handle, opA, opB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);
}

HC_EXPORT cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, int opA, int opB, int m, int n, int k,
                                                   const float* alpha, const float* a, int lda, long long strideA,
                                                   const float* b, int ldb, long long strideB, const float* beta,
                                                   float* c, int ldc, long long strideC, int batches) {
  return gemm(handle, opA, opB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batches);
}

HC_EXPORT cublasStatus_t cublasSgemv_v2(cublasHandle_t handle, int op, int m, int n, const float* alpha,
                                        const float* a, int lda, const float* x, int incx, const float* beta,
                                        float* y, int incy) {
  if (!valid(handle)) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
  }
  bool trans;
  if (!transposeFlag(op, trans) || m < 0 || n < 0 || lda < std::max(1, m) || incx == 0 || incy == 0 ||
      alpha == nullptr || beta == nullptr) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  if (m == 0 || n == 0) {
    return CUBLAS_STATUS_SUCCESS;
  }
  long long lengthX = trans ? m : n, lengthY = trans ? n : m;
  if (!inDevice(a, m, n, lda) || !inDevice(x, 1, lengthX, std::abs(incx)) || !inDevice(y, 1, lengthY, std::abs(incy))) {
    fprintf(stderr, "hypercolumn CUDA emulator: cublasSgemv: an operand is outside device memory\n");
    return CUBLAS_STATUS_EXECUTION_FAILED;
  }
  Gemv work{trans, m, n, scalar(handle, alpha), scalar(handle, beta), a, lda, x, incx, y, incy};
  return hcEmuEnqueue(handle->stream, runGemv, &work, sizeof work) == 0 ? CUBLAS_STATUS_SUCCESS
                                                                         : CUBLAS_STATUS_EXECUTION_FAILED;
}

namespace {
struct StatusText {
  int code;
  const char* name;
  const char* text;
};
const StatusText kStatuses[] = {
    {0, "CUBLAS_STATUS_SUCCESS", "success"},
    {1, "CUBLAS_STATUS_NOT_INITIALIZED", "the library was not initialized"},
    {3, "CUBLAS_STATUS_ALLOC_FAILED", "the resource allocation failed"},
    {7, "CUBLAS_STATUS_INVALID_VALUE", "an invalid numeric value was used as an argument"},
    {8, "CUBLAS_STATUS_ARCH_MISMATCH", "an absent device architectural feature is required"},
    {11, "CUBLAS_STATUS_MAPPING_ERROR", "an access to GPU memory space failed"},
    {13, "CUBLAS_STATUS_EXECUTION_FAILED", "the GPU program failed to execute"},
    {14, "CUBLAS_STATUS_INTERNAL_ERROR", "an internal operation failed"},
    {15, "CUBLAS_STATUS_NOT_SUPPORTED", "the functionality requested is not supported"},
    {16, "CUBLAS_STATUS_LICENSE_ERROR", "error detected trying to check the license"},
};
const StatusText* findStatus(int code) {
  for (const StatusText& status : kStatuses) {
    if (status.code == code) {
      return &status;
    }
  }
  return nullptr;
}
}  // namespace

HC_EXPORT const char* cublasGetStatusName(cublasStatus_t status) {
  const StatusText* found = findStatus(status);
  return found != nullptr ? found->name : "CUBLAS_STATUS_UNKNOWN";
}

HC_EXPORT const char* cublasGetStatusString(cublasStatus_t status) {
  const StatusText* found = findStatus(status);
  return found != nullptr ? found->text : "unknown error";
}
