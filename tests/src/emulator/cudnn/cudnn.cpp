// The emulated cuDNN 9: the subset the CUDA device calls through JCudnn and the runtime's
// libcudnn.so.8 forwarder. It answers with cuDNN 9's status numbers (BAD_PARAM 2000, ...), so
// the forwarder's translation runs in CI as on a cuDNN 9 host.
//
// Handles and their stream; tensor (any strides), filter (NCHW), convolution and pooling
// descriptors; convolution forward, backward data, backward filter and backward bias; pooling
// forward and backward; AddTensor, TransformTensor, SetTensor; Find*AlgorithmEx and workspace
// sizes (batch normalization is in batchnorm.cpp). Each computation is handed to the emulated driver's hcEmuEnqueue with its arguments
// by value, so it runs in stream order and is recorded while the stream captures a graph.
// Sums are in double, rounded to float once after alpha and beta, with cuDNN's semantics:
// cross-correlation (CUDNN_CONVOLUTION flips the filter), beta == 0 never reads the output.
//
// Algorithms: Find*AlgorithmEx lists, fastest first, one non-deterministic algorithm (as real
// cuDNN's atomics-based ones are) before the deterministic ones, so a caller that wants
// repeatable results must pick by the determinism field. Algorithm 1 of each kind needs a
// workspace (checked to lie in device memory); the others need none.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <set>
#include <vector>

#include "cudnn_internal.h"

enum : int { CUDNN_CONVOLUTION = 0, CUDNN_CROSS_CORRELATION = 1 };
enum : int {
  CUDNN_POOLING_MAX = 0,
  CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING = 1,
  CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING = 2,
  CUDNN_POOLING_MAX_DETERMINISTIC = 3,
};

struct Filter4d {
  bool set = false;
  int k = 0, c = 0, h = 0, w = 0;
};
struct Convolution2d {
  bool set = false;
  int padH = 0, padW = 0, strideH = 1, strideW = 1, dilationH = 1, dilationW = 1, mode = CUDNN_CROSS_CORRELATION;
  int mathType = 0;
};
struct Pooling2d {
  bool set = false;
  int mode = 0, windowH = 1, windowW = 1, padH = 0, padW = 0, strideH = 1, strideW = 1;
};
struct AlgoPerf {  // cudnnConvolution*AlgoPerf_t
  int algo;
  cudnnStatus_t status;
  float time;
  size_t memory;
  int determinism;
  int mathType;
  int reserved[3];
};

typedef Filter4d* cudnnFilterDescriptor_t;
typedef Convolution2d* cudnnConvolutionDescriptor_t;
typedef Pooling2d* cudnnPoolingDescriptor_t;

namespace {

std::mutex lock;
std::set<void*> live;  // every handle and descriptor not destroyed

bool alive(const void* object) {
  std::lock_guard<std::mutex> guard(lock);
  return object != nullptr && live.count(const_cast<void*>(object)) != 0;
}

template <typename T>
cudnnStatus_t create(T** out) {
  if (out == nullptr) {
    return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  }
  std::lock_guard<std::mutex> guard(lock);
  *out = new T();
  live.insert(*out);
  return CUDNN_STATUS_SUCCESS;
}

template <typename T>
cudnnStatus_t destroy(T* object) {
  if (object == nullptr) {
    return CUDNN_STATUS_SUCCESS;  // as cuDNN: destroying NULL is allowed
  }
  std::lock_guard<std::mutex> guard(lock);
  if (live.erase(object) == 0) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  delete object;
  return CUDNN_STATUS_SUCCESS;
}

bool ready(const Tensor4d* t) { return alive(t) && t->set; }
bool ready(const Filter4d* f) { return alive(f) && f->set; }
bool ready(const Convolution2d* c) { return alive(c) && c->set; }
bool ready(const Pooling2d* p) { return alive(p) && p->set; }

bool inDevice(const void* pointer, size_t bytes) { return pointer != nullptr && hcEmuDeviceRange(pointer, bytes) != 0; }

cudnnStatus_t enqueue(cudnnHandle_t handle, void (*run)(void*), const void* data, size_t size) {
  return hcEmuEnqueue(handle->stream, run, data, size) == 0 ? CUDNN_STATUS_SUCCESS : CUDNN_STATUS_EXECUTION_FAILED;
}

float blend(double alpha, double value, float beta, float old) {
  double scaled = alpha * value;
  return (float) (beta == 0.0f ? scaled : scaled + (double) beta * old);
}

int convolutionOut(int in, int pad, int kernel, int dilation, int stride) {
  return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}

/** Whether x, w, conv and y agree: channels, batch and the output size cuDNN computes. */
bool convolutionFits(const Tensor4d& x, const Filter4d& w, const Convolution2d& c, const Tensor4d& y) {
  return x.c == w.c && y.n == x.n && y.c == w.k && y.h == convolutionOut(x.h, c.padH, w.h, c.dilationH, c.strideH) &&
         y.w == convolutionOut(x.w, c.padW, w.w, c.dilationW, c.strideW);
}

/** One convolution's operands by value, for forward, backward data and backward filter. */
struct Convolution {
  Tensor4d x, y;  // x: input (dx for backward data), y: output (dy for the backward passes)
  Filter4d w;
  Convolution2d conv;
  float alpha, beta;
  const float* in;    // forward: x; backward data: w; backward filter: x
  const float* other; // forward: w; backward data: dy; backward filter: dy
  float* out;         // forward: y; backward data: dx; backward filter: dw
};

/** Calls visit(n, k, i, j, c, p, q, xRow, xColumn) for every product term with xRow/xColumn inside x. */
template <typename Visit>
void eachTerm(const Convolution& c, Visit visit) {
  for (int n = 0; n < c.y.n; n++)
    for (int k = 0; k < c.y.c; k++)
      for (int i = 0; i < c.y.h; i++)
        for (int j = 0; j < c.y.w; j++)
          for (int ch = 0; ch < c.w.c; ch++)
            for (int p = 0; p < c.w.h; p++) {
              int row = i * c.conv.strideH - c.conv.padH + p * c.conv.dilationH;
              if (row < 0 || row >= c.x.h) continue;
              for (int q = 0; q < c.w.w; q++) {
                int column = j * c.conv.strideW - c.conv.padW + q * c.conv.dilationW;
                if (column < 0 || column >= c.x.w) continue;
                visit(n, k, i, j, ch, p, q, row, column);
              }
            }
}

/** The filter element that meets tap (p, q): flipped for CUDNN_CONVOLUTION. */
long long filterAt(const Convolution& c, int k, int ch, int p, int q) {
  if (c.conv.mode == CUDNN_CONVOLUTION) {
    p = c.w.h - 1 - p;
    q = c.w.w - 1 - q;
  }
  return ((long long) (k * c.w.c + ch) * c.w.h + p) * c.w.w + q;
}

void runForward(void* data) {
  const Convolution& c = *(const Convolution*) data;
  std::vector<double> sum((size_t) c.y.n * c.y.c * c.y.h * c.y.w, 0.0);
  auto index = [&](int n, int k, int i, int j) { return (((size_t) n * c.y.c + k) * c.y.h + i) * c.y.w + j; };
  eachTerm(c, [&](int n, int k, int i, int j, int ch, int p, int q, int row, int column) {
    sum[index(n, k, i, j)] += (double) c.in[c.x.at(n, ch, row, column)] * c.other[filterAt(c, k, ch, p, q)];
  });
  for (int n = 0; n < c.y.n; n++)
    for (int k = 0; k < c.y.c; k++)
      for (int i = 0; i < c.y.h; i++)
        for (int j = 0; j < c.y.w; j++) {
          float& out = c.out[c.y.at(n, k, i, j)];
          out = blend(c.alpha, sum[index(n, k, i, j)], c.beta, out);
        }
}

void runBackwardData(void* data) {
  const Convolution& c = *(const Convolution*) data;
  std::vector<double> sum((size_t) c.x.n * c.x.c * c.x.h * c.x.w, 0.0);
  auto index = [&](int n, int ch, int r, int s) { return (((size_t) n * c.x.c + ch) * c.x.h + r) * c.x.w + s; };
  eachTerm(c, [&](int n, int k, int i, int j, int ch, int p, int q, int row, int column) {
    sum[index(n, ch, row, column)] += (double) c.other[c.y.at(n, k, i, j)] * c.in[filterAt(c, k, ch, p, q)];
  });
  for (int n = 0; n < c.x.n; n++)
    for (int ch = 0; ch < c.x.c; ch++)
      for (int r = 0; r < c.x.h; r++)
        for (int s = 0; s < c.x.w; s++) {
          float& out = c.out[c.x.at(n, ch, r, s)];
          out = blend(c.alpha, sum[index(n, ch, r, s)], c.beta, out);
        }
}

void runBackwardFilter(void* data) {
  const Convolution& c = *(const Convolution*) data;
  std::vector<double> sum((size_t) c.w.k * c.w.c * c.w.h * c.w.w, 0.0);
  eachTerm(c, [&](int n, int k, int i, int j, int ch, int p, int q, int row, int column) {
    sum[filterAt(c, k, ch, p, q)] += (double) c.in[c.x.at(n, ch, row, column)] * c.other[c.y.at(n, k, i, j)];
  });
  for (size_t e = 0; e < sum.size(); e++) {
    c.out[e] = blend(c.alpha, sum[e], c.beta, c.out[e]);
  }
}

struct Bias {
  Tensor4d dy, db;
  float alpha, beta;
  const float* in;
  float* out;
};

void runBackwardBias(void* data) {
  const Bias& b = *(const Bias*) data;
  for (int k = 0; k < b.dy.c; k++) {
    double sum = 0;
    for (int n = 0; n < b.dy.n; n++)
      for (int i = 0; i < b.dy.h; i++)
        for (int j = 0; j < b.dy.w; j++) sum += b.in[b.dy.at(n, k, i, j)];
    float& out = b.out[b.db.at(0, k, 0, 0)];
    out = blend(b.alpha, sum, b.beta, out);
  }
}

struct Pool {
  Pooling2d pool;
  Tensor4d x, y, dy, dx;
  float alpha, beta;
  const float *xData, *yData, *dyData;
  float* out;
};

bool isMax(const Pooling2d& p) { return p.mode == CUDNN_POOLING_MAX || p.mode == CUDNN_POOLING_MAX_DETERMINISTIC; }

/** The window of output (i, j): its first row and column (maybe negative) and its cells inside x. */
struct Window {
  int row0, column0, rowBegin, rowEnd, columnBegin, columnEnd;
  int inside() const { return (rowEnd - rowBegin) * (columnEnd - columnBegin); }
};
Window window(const Pooling2d& p, const Tensor4d& x, int i, int j) {
  Window w;
  w.row0 = i * p.strideH - p.padH;
  w.column0 = j * p.strideW - p.padW;
  w.rowBegin = std::max(0, w.row0);
  w.rowEnd = std::min(x.h, w.row0 + p.windowH);
  w.columnBegin = std::max(0, w.column0);
  w.columnEnd = std::min(x.w, w.column0 + p.windowW);
  return w;
}

/** The divisor of an average: the whole window, or its cells inside x. */
double divisor(const Pooling2d& p, const Window& w) {
  return p.mode == CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING ? (double) p.windowH * p.windowW
                                                               : (double) std::max(1, w.inside());
}

void runPoolingForward(void* data) {
  const Pool& p = *(const Pool*) data;
  for (int n = 0; n < p.y.n; n++)
    for (int ch = 0; ch < p.y.c; ch++)
      for (int i = 0; i < p.y.h; i++)
        for (int j = 0; j < p.y.w; j++) {
          Window w = window(p.pool, p.x, i, j);
          double value = isMax(p.pool) ? -std::numeric_limits<double>::infinity() : 0.0;
          for (int r = w.rowBegin; r < w.rowEnd; r++)
            for (int s = w.columnBegin; s < w.columnEnd; s++) {
              double cell = p.xData[p.x.at(n, ch, r, s)];
              value = isMax(p.pool) ? std::max(value, cell) : value + cell;
            }
          if (!isMax(p.pool)) value /= divisor(p.pool, w);
          float& out = p.out[p.y.at(n, ch, i, j)];
          out = blend(p.alpha, value, p.beta, out);
        }
}

void runPoolingBackward(void* data) {
  const Pool& p = *(const Pool*) data;
  std::vector<double> sum((size_t) p.dx.n * p.dx.c * p.dx.h * p.dx.w, 0.0);
  auto index = [&](int n, int ch, int r, int s) { return (((size_t) n * p.dx.c + ch) * p.dx.h + r) * p.dx.w + s; };
  for (int n = 0; n < p.y.n; n++)
    for (int ch = 0; ch < p.y.c; ch++)
      for (int i = 0; i < p.y.h; i++)
        for (int j = 0; j < p.y.w; j++) {
          Window w = window(p.pool, p.x, i, j);
          double gradient = p.dyData[p.dy.at(n, ch, i, j)];
          if (isMax(p.pool)) {
            // The first cell, row-major within the window, that holds the window's maximum y.
            float maximum = p.yData[p.y.at(n, ch, i, j)];
            bool sent = false;
            for (int r = w.rowBegin; r < w.rowEnd && !sent; r++)
              for (int s = w.columnBegin; s < w.columnEnd && !sent; s++)
                if (p.xData[p.x.at(n, ch, r, s)] == maximum) {
                  sum[index(n, ch, r, s)] += gradient;
                  sent = true;
                }
          } else {
            double share = gradient / divisor(p.pool, w);
            for (int r = w.rowBegin; r < w.rowEnd; r++)
              for (int s = w.columnBegin; s < w.columnEnd; s++) sum[index(n, ch, r, s)] += share;
          }
        }
  for (int n = 0; n < p.dx.n; n++)
    for (int ch = 0; ch < p.dx.c; ch++)
      for (int r = 0; r < p.dx.h; r++)
        for (int s = 0; s < p.dx.w; s++) {
          float& out = p.out[p.dx.at(n, ch, r, s)];
          out = blend(p.alpha, sum[index(n, ch, r, s)], p.beta, out);
        }
}

/** C = alpha * A + beta * C, A broadcast over its dimensions of size 1; or y = value. */
struct Elementwise {
  Tensor4d a, c;
  float alpha, beta;
  const float* in;  // null: fill with alpha
  float* out;
};

void runElementwise(void* data) {
  const Elementwise& e = *(const Elementwise*) data;
  for (int n = 0; n < e.c.n; n++)
    for (int ch = 0; ch < e.c.c; ch++)
      for (int i = 0; i < e.c.h; i++)
        for (int j = 0; j < e.c.w; j++) {
          float& out = e.out[e.c.at(n, ch, i, j)];
          if (e.in == nullptr) {
            out = e.alpha;
            continue;
          }
          double a = e.in[e.a.at(e.a.n == 1 ? 0 : n, e.a.c == 1 ? 0 : ch, e.a.h == 1 ? 0 : i, e.a.w == 1 ? 0 : j)];
          out = blend(e.alpha, a, e.beta, out);
        }
}

/** Broadcastable: each dimension of a equals c's or is 1. */
bool broadcasts(const Tensor4d& a, const Tensor4d& c) {
  return (a.n == c.n || a.n == 1) && (a.c == c.c || a.c == 1) && (a.h == c.h || a.h == 1) && (a.w == c.w || a.w == 1);
}

const size_t WORKSPACE_BYTES = 4096;  // what algorithm 1 of each kind asks for

size_t workspaceOf(int algo) { return algo == 1 ? WORKSPACE_BYTES : 0; }

/** The workspace an algorithm needs lies in device memory; the algorithm is one of 0-3. */
cudnnStatus_t checkAlgorithm(int algo, const void* workspace, size_t bytes) {
  if (algo < 0 || algo > 3) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  size_t needed = workspaceOf(algo);
  if (needed > 0 && (bytes < needed || !inDevice(workspace, needed))) {
    fprintf(stderr, "hypercolumn CUDA emulator: cuDNN algorithm %d needs %zu bytes of workspace in device memory\n",
            algo, needed);
    return CUDNN_STATUS_BAD_PARAM;
  }
  return CUDNN_STATUS_SUCCESS;
}

/**
 * The algorithms Find*AlgorithmEx reports: fastest first a non-deterministic algorithm (0 for
 * backward data and filter, as cuDNN's atomics-based ALGO_0; 2 for forward), then the
 * deterministic 1 (with a workspace) and 3.
 */
cudnnStatus_t find(int nonDeterministic, int requested, int* returned, AlgoPerf* perf) {
  if (returned == nullptr || perf == nullptr || requested < 1) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  const AlgoPerf all[3] = {
      {nonDeterministic, 0, 0.5f, 0, 0, 0, {0, 0, 0}},
      {1, 0, 1.0f, WORKSPACE_BYTES, 1, 0, {0, 0, 0}},
      {3, 0, 2.0f, 0, 1, 0, {0, 0, 0}},
  };
  *returned = std::min(requested, 3);
  for (int i = 0; i < *returned; i++) perf[i] = all[i];
  return CUDNN_STATUS_SUCCESS;
}

}  // namespace

bool hcDnnAlive(const void* object) { return alive(object); }

HC_EXPORT size_t cudnnGetVersion() { return 92400; }
HC_EXPORT size_t cudnnGetCudartVersion() { return 13000; }

HC_EXPORT const char* cudnnGetErrorString(cudnnStatus_t status) {
  switch (status) {
    case CUDNN_STATUS_SUCCESS: return "CUDNN_STATUS_SUCCESS";
    case CUDNN_STATUS_NOT_INITIALIZED: return "CUDNN_STATUS_NOT_INITIALIZED";
    case CUDNN_STATUS_BAD_PARAM: return "CUDNN_STATUS_BAD_PARAM";
    case CUDNN_STATUS_BAD_PARAM_NULL_POINTER: return "CUDNN_STATUS_BAD_PARAM_NULL_POINTER";
    case CUDNN_STATUS_NOT_SUPPORTED: return "CUDNN_STATUS_NOT_SUPPORTED";
    case CUDNN_STATUS_INTERNAL_ERROR: return "CUDNN_STATUS_INTERNAL_ERROR";
    case CUDNN_STATUS_EXECUTION_FAILED: return "CUDNN_STATUS_EXECUTION_FAILED";
    default: return "CUDNN_UNKNOWN_STATUS";
  }
}

HC_EXPORT cudnnStatus_t cudnnQueryRuntimeError(cudnnHandle_t handle, cudnnStatus_t* status, int, void*) {
  if (!alive(handle)) return CUDNN_STATUS_BAD_PARAM;
  if (status == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  *status = CUDNN_STATUS_SUCCESS;
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnCreate(cudnnHandle_t* handle) { return create(handle); }
HC_EXPORT cudnnStatus_t cudnnDestroy(cudnnHandle_t handle) { return destroy(handle); }

HC_EXPORT cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, CUstream stream) {
  if (!alive(handle)) return CUDNN_STATUS_BAD_PARAM;
  handle->stream = stream;
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnGetStream(cudnnHandle_t handle, CUstream* stream) {
  if (!alive(handle)) return CUDNN_STATUS_BAD_PARAM;
  if (stream == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  *stream = handle->stream;
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t* d) { return create(d); }
HC_EXPORT cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t d) { return destroy(d); }
HC_EXPORT cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t* d) { return create(d); }
HC_EXPORT cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t d) { return destroy(d); }
HC_EXPORT cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t* d) { return create(d); }
HC_EXPORT cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t d) { return destroy(d); }
HC_EXPORT cudnnStatus_t cudnnCreatePoolingDescriptor(cudnnPoolingDescriptor_t* d) { return create(d); }
HC_EXPORT cudnnStatus_t cudnnDestroyPoolingDescriptor(cudnnPoolingDescriptor_t d) { return destroy(d); }

HC_EXPORT cudnnStatus_t cudnnSetTensor4dDescriptorEx(cudnnTensorDescriptor_t d, int type, int n, int c, int h, int w,
                                                     int ns, int cs, int hs, int ws) {
  if (!alive(d) || type != CUDNN_DATA_FLOAT || n < 1 || c < 1 || h < 1 || w < 1 || ns < 1 || cs < 1 || hs < 1 ||
      ws < 1) {
    return type != CUDNN_DATA_FLOAT && alive(d) ? CUDNN_STATUS_NOT_SUPPORTED : CUDNN_STATUS_BAD_PARAM;
  }
  *d = Tensor4d{true, n, c, h, w, ns, cs, hs, ws};
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t d, int format, int type, int n, int c,
                                                   int h, int w) {
  if (format != CUDNN_TENSOR_NCHW) return CUDNN_STATUS_NOT_SUPPORTED;
  return cudnnSetTensor4dDescriptorEx(d, type, n, c, h, w, c * h * w, h * w, w, 1);
}

HC_EXPORT cudnnStatus_t cudnnGetTensor4dDescriptor(cudnnTensorDescriptor_t d, int* type, int* n, int* c, int* h,
                                                   int* w, int* ns, int* cs, int* hs, int* ws) {
  if (!ready(d)) return CUDNN_STATUS_BAD_PARAM;
  if (!type || !n || !c || !h || !w || !ns || !cs || !hs || !ws) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  *type = CUDNN_DATA_FLOAT;
  *n = d->n, *c = d->c, *h = d->h, *w = d->w, *ns = d->ns, *cs = d->cs, *hs = d->hs, *ws = d->ws;
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t d, int type, int format, int k, int c,
                                                   int h, int w) {
  if (!alive(d) || k < 1 || c < 1 || h < 1 || w < 1) return CUDNN_STATUS_BAD_PARAM;
  if (type != CUDNN_DATA_FLOAT || format != CUDNN_TENSOR_NCHW) return CUDNN_STATUS_NOT_SUPPORTED;
  *d = Filter4d{true, k, c, h, w};
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t d, int padH, int padW,
                                                        int strideH, int strideW, int dilationH, int dilationW,
                                                        int mode, int computeType) {
  if (!alive(d) || padH < 0 || padW < 0 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 ||
      (mode != CUDNN_CONVOLUTION && mode != CUDNN_CROSS_CORRELATION)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  if (computeType != CUDNN_DATA_FLOAT) return CUDNN_STATUS_NOT_SUPPORTED;
  int math = d->mathType;
  *d = Convolution2d{true, padH, padW, strideH, strideW, dilationH, dilationW, mode, math};
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t d, int mathType) {
  if (!alive(d) || mathType < 0 || mathType > 3) return CUDNN_STATUS_BAD_PARAM;
  d->mathType = mathType;
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnGetConvolution2dForwardOutputDim(cudnnConvolutionDescriptor_t conv,
                                                              cudnnTensorDescriptor_t x, cudnnFilterDescriptor_t w,
                                                              int* n, int* c, int* h, int* wd) {
  if (!ready(conv) || !ready(x) || !ready(w) || x->c != w->c) return CUDNN_STATUS_BAD_PARAM;
  if (!n || !c || !h || !wd) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  int outH = convolutionOut(x->h, conv->padH, w->h, conv->dilationH, conv->strideH);
  int outW = convolutionOut(x->w, conv->padW, w->w, conv->dilationW, conv->strideW);
  if (outH < 1 || outW < 1) return CUDNN_STATUS_BAD_PARAM;
  *n = x->n, *c = w->k, *h = outH, *wd = outW;
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnSetPooling2dDescriptor(cudnnPoolingDescriptor_t d, int mode, int nanOpt, int windowH,
                                                    int windowW, int padH, int padW, int strideH, int strideW) {
  if (!alive(d) || mode < 0 || mode > 3 || nanOpt < 0 || nanOpt > 1 || windowH < 1 || windowW < 1 || padH < 0 ||
      padW < 0 || strideH < 1 || strideW < 1) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  *d = Pooling2d{true, mode, windowH, windowW, padH, padW, strideH, strideW};
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnGetPooling2dForwardOutputDim(cudnnPoolingDescriptor_t p, cudnnTensorDescriptor_t x,
                                                          int* n, int* c, int* h, int* w) {
  if (!ready(p) || !ready(x)) return CUDNN_STATUS_BAD_PARAM;
  if (!n || !c || !h || !w) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  int outH = (x->h + 2 * p->padH - p->windowH) / p->strideH + 1;
  int outW = (x->w + 2 * p->padW - p->windowW) / p->strideW + 1;
  if (outH < 1 || outW < 1) return CUDNN_STATUS_BAD_PARAM;
  *n = x->n, *c = x->c, *h = outH, *w = outW;
  return CUDNN_STATUS_SUCCESS;
}

namespace {
/** Checks and enqueues one of the three convolutions; which says what in/other/out are. */
cudnnStatus_t convolution(cudnnHandle_t handle, void (*run)(void*), const float* alpha, const Tensor4d* x,
                          const Filter4d* w, const Convolution2d* conv, const Tensor4d* y, int algo,
                          const void* workspace, size_t workspaceBytes, const float* beta, const float* in,
                          size_t inBytes, const float* other, size_t otherBytes, float* out, size_t outBytes) {
  if (!alive(handle) || !ready(x) || !ready(w) || !ready(conv) || !ready(y)) return CUDNN_STATUS_BAD_PARAM;
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  if (!convolutionFits(*x, *w, *conv, *y)) return CUDNN_STATUS_BAD_PARAM;
  cudnnStatus_t status = checkAlgorithm(algo, workspace, workspaceBytes);
  if (status != CUDNN_STATUS_SUCCESS) return status;
  if (!inDevice(in, inBytes) || !inDevice(other, otherBytes) || !inDevice(out, outBytes)) {
    fprintf(stderr, "hypercolumn CUDA emulator: a cuDNN convolution operand is outside device memory\n");
    return CUDNN_STATUS_EXECUTION_FAILED;
  }
  Convolution work{*x, *y, *w, *conv, *alpha, *beta, in, other, out};
  return enqueue(handle, run, &work, sizeof work);
}

size_t filterBytes(const Filter4d* w) { return (size_t) w->k * w->c * w->h * w->w * sizeof(float); }
}  // namespace

HC_EXPORT cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const float* alpha, cudnnTensorDescriptor_t xd,
                                                const float* x, cudnnFilterDescriptor_t wd, const float* w,
                                                cudnnConvolutionDescriptor_t conv, int algo, void* workspace,
                                                size_t workspaceBytes, const float* beta, cudnnTensorDescriptor_t yd,
                                                float* y) {
  if (!ready(xd) || !ready(wd) || !ready(yd)) return CUDNN_STATUS_BAD_PARAM;
  return convolution(handle, runForward, alpha, xd, wd, conv, yd, algo, workspace, workspaceBytes, beta, x,
                     xd->bytes(), w, filterBytes(wd), y, yd->bytes());
}

HC_EXPORT cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const float* alpha,
                                                     cudnnFilterDescriptor_t wd, const float* w,
                                                     cudnnTensorDescriptor_t dyd, const float* dy,
                                                     cudnnConvolutionDescriptor_t conv, int algo, void* workspace,
                                                     size_t workspaceBytes, const float* beta,
                                                     cudnnTensorDescriptor_t dxd, float* dx) {
  if (!ready(dxd) || !ready(wd) || !ready(dyd)) return CUDNN_STATUS_BAD_PARAM;
  return convolution(handle, runBackwardData, alpha, dxd, wd, conv, dyd, algo, workspace, workspaceBytes, beta, w,
                     filterBytes(wd), dy, dyd->bytes(), dx, dxd->bytes());
}

HC_EXPORT cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const float* alpha,
                                                       cudnnTensorDescriptor_t xd, const float* x,
                                                       cudnnTensorDescriptor_t dyd, const float* dy,
                                                       cudnnConvolutionDescriptor_t conv, int algo, void* workspace,
                                                       size_t workspaceBytes, const float* beta,
                                                       cudnnFilterDescriptor_t dwd, float* dw) {
  if (!ready(xd) || !ready(dwd) || !ready(dyd)) return CUDNN_STATUS_BAD_PARAM;
  return convolution(handle, runBackwardFilter, alpha, xd, dwd, conv, dyd, algo, workspace, workspaceBytes, beta, x,
                     xd->bytes(), dy, dyd->bytes(), dw, filterBytes(dwd));
}

HC_EXPORT cudnnStatus_t cudnnConvolutionBackwardBias(cudnnHandle_t handle, const float* alpha,
                                                     cudnnTensorDescriptor_t dyd, const float* dy, const float* beta,
                                                     cudnnTensorDescriptor_t dbd, float* db) {
  if (!alive(handle) || !ready(dyd) || !ready(dbd)) return CUDNN_STATUS_BAD_PARAM;
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  if (dbd->n != 1 || dbd->c != dyd->c || dbd->h != 1 || dbd->w != 1) return CUDNN_STATUS_BAD_PARAM;
  if (!inDevice(dy, dyd->bytes()) || !inDevice(db, dbd->bytes())) return CUDNN_STATUS_EXECUTION_FAILED;
  Bias work{*dyd, *dbd, *alpha, *beta, dy, db};
  return enqueue(handle, runBackwardBias, &work, sizeof work);
}

namespace {
bool sameShape(const Tensor4d& a, const Tensor4d& b) { return a.n == b.n && a.c == b.c && a.h == b.h && a.w == b.w; }

bool poolingFits(const Pooling2d& p, const Tensor4d& x, const Tensor4d& y) {
  return y.n == x.n && y.c == x.c && y.h == (x.h + 2 * p.padH - p.windowH) / p.strideH + 1 &&
         y.w == (x.w + 2 * p.padW - p.windowW) / p.strideW + 1;
}
}  // namespace

HC_EXPORT cudnnStatus_t cudnnPoolingForward(cudnnHandle_t handle, cudnnPoolingDescriptor_t pool, const float* alpha,
                                            cudnnTensorDescriptor_t xd, const float* x, const float* beta,
                                            cudnnTensorDescriptor_t yd, float* y) {
  if (!alive(handle) || !ready(pool) || !ready(xd) || !ready(yd) || !poolingFits(*pool, *xd, *yd)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  if (!inDevice(x, xd->bytes()) || !inDevice(y, yd->bytes())) return CUDNN_STATUS_EXECUTION_FAILED;
  Pool work{*pool, *xd, *yd, *yd, *xd, *alpha, *beta, x, nullptr, nullptr, y};
  return enqueue(handle, runPoolingForward, &work, sizeof work);
}

HC_EXPORT cudnnStatus_t cudnnPoolingBackward(cudnnHandle_t handle, cudnnPoolingDescriptor_t pool, const float* alpha,
                                             cudnnTensorDescriptor_t yd, const float* y, cudnnTensorDescriptor_t dyd,
                                             const float* dy, cudnnTensorDescriptor_t xd, const float* x,
                                             const float* beta, cudnnTensorDescriptor_t dxd, float* dx) {
  if (!alive(handle) || !ready(pool) || !ready(xd) || !ready(yd) || !ready(dyd) || !ready(dxd) ||
      !poolingFits(*pool, *xd, *yd) || !sameShape(*yd, *dyd) || !sameShape(*xd, *dxd)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  if (!inDevice(y, yd->bytes()) || !inDevice(dy, dyd->bytes()) || !inDevice(x, xd->bytes()) ||
      !inDevice(dx, dxd->bytes())) {
    return CUDNN_STATUS_EXECUTION_FAILED;
  }
  Pool work{*pool, *xd, *yd, *dyd, *dxd, *alpha, *beta, x, y, dy, dx};
  return enqueue(handle, runPoolingBackward, &work, sizeof work);
}

HC_EXPORT cudnnStatus_t cudnnAddTensor(cudnnHandle_t handle, const float* alpha, cudnnTensorDescriptor_t ad,
                                       const float* a, const float* beta, cudnnTensorDescriptor_t cd, float* c) {
  if (!alive(handle) || !ready(ad) || !ready(cd) || !broadcasts(*ad, *cd)) return CUDNN_STATUS_BAD_PARAM;
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  if (!inDevice(a, ad->bytes()) || !inDevice(c, cd->bytes())) return CUDNN_STATUS_EXECUTION_FAILED;
  Elementwise work{*ad, *cd, *alpha, *beta, a, c};
  return enqueue(handle, runElementwise, &work, sizeof work);
}

HC_EXPORT cudnnStatus_t cudnnTransformTensor(cudnnHandle_t handle, const float* alpha, cudnnTensorDescriptor_t xd,
                                             const float* x, const float* beta, cudnnTensorDescriptor_t yd,
                                             float* y) {
  if (!alive(handle) || !ready(xd) || !ready(yd) || !sameShape(*xd, *yd)) return CUDNN_STATUS_BAD_PARAM;
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  if (!inDevice(x, xd->bytes()) || !inDevice(y, yd->bytes())) return CUDNN_STATUS_EXECUTION_FAILED;
  Elementwise work{*xd, *yd, *alpha, *beta, x, y};
  return enqueue(handle, runElementwise, &work, sizeof work);
}

HC_EXPORT cudnnStatus_t cudnnSetTensor(cudnnHandle_t handle, cudnnTensorDescriptor_t yd, float* y,
                                       const float* value) {
  if (!alive(handle) || !ready(yd)) return CUDNN_STATUS_BAD_PARAM;
  if (value == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  if (!inDevice(y, yd->bytes())) return CUDNN_STATUS_EXECUTION_FAILED;
  Elementwise work{*yd, *yd, *value, 0.0f, nullptr, y};
  return enqueue(handle, runElementwise, &work, sizeof work);
}

HC_EXPORT cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, cudnnTensorDescriptor_t x,
                                                                cudnnFilterDescriptor_t w,
                                                                cudnnConvolutionDescriptor_t conv,
                                                                cudnnTensorDescriptor_t y, int algo, size_t* bytes) {
  if (!alive(handle) || !ready(x) || !ready(w) || !ready(conv) || !ready(y) || algo < 0 || algo > 3) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  if (bytes == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  *bytes = workspaceOf(algo);
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle,
                                                                     cudnnFilterDescriptor_t w,
                                                                     cudnnTensorDescriptor_t dy,
                                                                     cudnnConvolutionDescriptor_t conv,
                                                                     cudnnTensorDescriptor_t dx, int algo,
                                                                     size_t* bytes) {
  return cudnnGetConvolutionForwardWorkspaceSize(handle, dx, w, conv, dy, algo, bytes);
}

HC_EXPORT cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle,
                                                                       cudnnTensorDescriptor_t x,
                                                                       cudnnTensorDescriptor_t dy,
                                                                       cudnnConvolutionDescriptor_t conv,
                                                                       cudnnFilterDescriptor_t dw, int algo,
                                                                       size_t* bytes) {
  return cudnnGetConvolutionForwardWorkspaceSize(handle, x, dw, conv, dy, algo, bytes);
}

HC_EXPORT cudnnStatus_t cudnnFindConvolutionForwardAlgorithmEx(cudnnHandle_t handle, cudnnTensorDescriptor_t xd,
                                                               const void*, cudnnFilterDescriptor_t wd, const void*,
                                                               cudnnConvolutionDescriptor_t conv,
                                                               cudnnTensorDescriptor_t yd, void*, int requested,
                                                               int* returned, AlgoPerf* perf, void*, size_t) {
  if (!alive(handle) || !ready(xd) || !ready(wd) || !ready(conv) || !ready(yd) ||
      !convolutionFits(*xd, *wd, *conv, *yd)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  return find(2, requested, returned, perf);
}

HC_EXPORT cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithmEx(cudnnHandle_t handle, cudnnFilterDescriptor_t wd,
                                                                    const void*, cudnnTensorDescriptor_t dyd,
                                                                    const void*, cudnnConvolutionDescriptor_t conv,
                                                                    cudnnTensorDescriptor_t dxd, void*, int requested,
                                                                    int* returned, AlgoPerf* perf, void*, size_t) {
  if (!alive(handle) || !ready(dxd) || !ready(wd) || !ready(conv) || !ready(dyd) ||
      !convolutionFits(*dxd, *wd, *conv, *dyd)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  return find(0, requested, returned, perf);
}

HC_EXPORT cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithmEx(cudnnHandle_t handle, cudnnTensorDescriptor_t xd,
                                                                      const void*, cudnnTensorDescriptor_t dyd,
                                                                      const void*, cudnnConvolutionDescriptor_t conv,
                                                                      cudnnFilterDescriptor_t dwd, void*,
                                                                      int requested, int* returned, AlgoPerf* perf,
                                                                      void*, size_t) {
  if (!alive(handle) || !ready(xd) || !ready(dwd) || !ready(conv) || !ready(dyd) ||
      !convolutionFits(*xd, *dwd, *conv, *dyd)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  return find(0, requested, returned, perf);
}
