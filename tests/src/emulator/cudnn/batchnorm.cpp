// The emulated cuDNN's batch normalization: cudnnDeriveBNTensorDescriptor and the legacy
// forward training, forward inference and backward calls (cudnn_ops.h of 9.24, deprecated
// there but exported; cudnn_ops_infer.h and cudnn_ops_train.h of 8.9), float NCHW tensors of
// any strides.
//
// A mode splits x into groups normalized on their own: CUDNN_BATCHNORM_SPATIAL (and
// SPATIAL_PERSISTENT, the same numbers computed faster) has one group per channel, over N, H and
// W, with parameters 1xCx1x1; CUDNN_BATCHNORM_PER_ACTIVATION has one per (c, h, w), over N, with
// parameters 1xCxHxW. For a group of M values, training uses the biased variance
// var = sum((x - mean)^2) / M and saves mean and 1 / sqrt(var + epsilon); the running variance
// takes the unbiased var * M / (M - 1), as cuDNN does (and PyTorch, which calls it):
// running = (1 - factor) * running + factor * batch. Backward takes the saved mean and inverse
// standard deviation when given, else recomputes them from x and epsilon, and gives
//   dBias = sum(dy), dScale = sum(dy * xhat), dx = scale * invStd / M * (M dy - dBias - xhat dScale).
// Outputs blend as cuDNN's do: out = alpha * result + beta * out (beta == 0 never reads out); in
// backward dx with alphaDataDiff/betaDataDiff, dScale and dBias with alphaParamDiff/betaParamDiff.
// Sums in double, rounded to float once.
//
// Statuses: epsilon below CUDNN_BN_MIN_EPSILON, a descriptor of the wrong shape, or exactly one
// of a pair of optional pointers (running mean/variance, saved mean/inverse variance) null is
// BAD_PARAM. Training on groups of one value is NOT_SUPPORTED here: cuDNN does not document
// what its unbiased variance is then.
#include <cmath>
#include <cstdio>
#include <vector>

#include "cudnn_internal.h"

enum : int { CUDNN_BATCHNORM_PER_ACTIVATION = 0, CUDNN_BATCHNORM_SPATIAL = 1, CUDNN_BATCHNORM_SPATIAL_PERSISTENT = 2 };

// cudnn_ops.h of 9.24 and JCudnn 11.7.0 (cuDNN 8) both say 0.0; it was 1e-5 up to cuDNN 7.
const double CUDNN_BN_MIN_EPSILON = 0.0;

namespace {

bool ready(const Tensor4d* t) { return hcDnnAlive(t) && t->set; }
bool inDevice(const void* pointer, size_t bytes) { return pointer != nullptr && hcEmuDeviceRange(pointer, bytes) != 0; }
bool sameShape(const Tensor4d& a, const Tensor4d& b) { return a.n == b.n && a.c == b.c && a.h == b.h && a.w == b.w; }
bool validMode(int mode) { return mode >= CUDNN_BATCHNORM_PER_ACTIVATION && mode <= CUDNN_BATCHNORM_SPATIAL_PERSISTENT; }

float blend(double alpha, double value, float beta, float old) {
  double scaled = alpha * value;
  return (float) (beta == 0.0f ? scaled : scaled + (double) beta * old);
}

Tensor4d dense(int n, int c, int h, int w) { return Tensor4d{true, n, c, h, w, c * h * w, h * w, w, 1}; }

/** The parameters' shape for x in this mode: 1xCx1x1 (spatial) or 1xCxHxW (per activation). */
Tensor4d parameterShape(const Tensor4d& x, int mode) {
  return mode == CUDNN_BATCHNORM_PER_ACTIVATION ? dense(1, x.c, x.h, x.w) : dense(1, x.c, 1, 1);
}

/** The groups a mode normalizes x in; x's shape, the parameters' descriptor. */
struct Groups {
  Tensor4d x, bn;
  bool spatial;

  int count() const { return spatial ? x.c : x.c * x.h * x.w; }
  int members() const { return spatial ? x.n * x.h * x.w : x.n; }
  long long parameter(int g) const {
    return spatial ? bn.at(0, g, 0, 0) : bn.at(0, g / (x.h * x.w), g / x.w % x.h, g % x.w);
  }
  /** Calls visit(n, c, h, w) for every member of group g. */
  template <typename Visit>
  void each(int g, Visit visit) const {
    if (!spatial) {
      for (int n = 0; n < x.n; n++) visit(n, g / (x.h * x.w), g / x.w % x.h, g % x.w);
      return;
    }
    for (int n = 0; n < x.n; n++)
      for (int i = 0; i < x.h; i++)
        for (int j = 0; j < x.w; j++) visit(n, g, i, j);
  }
  /** Group g's mean and biased variance. */
  void statistics(const float* data, int g, double* mean, double* variance) const {
    double sum = 0;
    each(g, [&](int n, int c, int i, int j) { sum += data[x.at(n, c, i, j)]; });
    double m = sum / members();
    double squares = 0;
    each(g, [&](int n, int c, int i, int j) {
      double d = data[x.at(n, c, i, j)] - m;
      squares += d * d;
    });
    *mean = m;
    *variance = squares / members();
  }
};

struct Normalize {  // forward training (running/saved may be null) and inference (mean/variance given)
  Groups groups;
  Tensor4d y;
  bool training;
  float alpha, beta;
  double factor, epsilon;
  const float *x, *scale, *bias, *mean, *variance;
  float *out, *runningMean, *runningVariance, *saveMean, *saveInvStd;
};

void runNormalize(void* data) {
  const Normalize& b = *(const Normalize*) data;
  const Groups& g = b.groups;
  std::vector<double> mean(g.count()), invStd(g.count());
  for (int k = 0; k < g.count(); k++) {
    long long p = g.parameter(k);
    if (!b.training) {
      mean[k] = b.mean[p];
      invStd[k] = 1.0 / std::sqrt((double) b.variance[p] + b.epsilon);
      continue;
    }
    double variance;
    g.statistics(b.x, k, &mean[k], &variance);
    invStd[k] = 1.0 / std::sqrt(variance + b.epsilon);
    if (b.runningMean != nullptr) {
      double unbiased = variance * g.members() / (g.members() - 1);
      b.runningMean[p] = (float) ((1 - b.factor) * b.runningMean[p] + b.factor * mean[k]);
      b.runningVariance[p] = (float) ((1 - b.factor) * b.runningVariance[p] + b.factor * unbiased);
    }
    if (b.saveMean != nullptr) {
      b.saveMean[p] = (float) mean[k];
      b.saveInvStd[p] = (float) invStd[k];
    }
  }
  for (int k = 0; k < g.count(); k++) {
    long long p = g.parameter(k);
    g.each(k, [&](int n, int c, int i, int j) {
      double normalized = (b.x[g.x.at(n, c, i, j)] - mean[k]) * invStd[k];
      float& out = b.out[b.y.at(n, c, i, j)];
      out = blend(b.alpha, (double) b.scale[p] * normalized + b.bias[p], b.beta, out);
    });
  }
}

struct Backward {
  Groups groups;
  Tensor4d dy, dx;
  float alphaData, betaData, alphaParam, betaParam;
  double epsilon;
  const float *x, *dyData, *scale, *savedMean, *savedInvStd;
  float *dxData, *dScale, *dBias;
};

void runBackward(void* data) {
  const Backward& b = *(const Backward*) data;
  const Groups& g = b.groups;
  const double m = g.members();
  for (int k = 0; k < g.count(); k++) {
    long long p = g.parameter(k);
    double mean, invStd;
    if (b.savedMean != nullptr) {
      mean = b.savedMean[p];
      invStd = b.savedInvStd[p];
    } else {
      double variance;
      g.statistics(b.x, k, &mean, &variance);
      invStd = 1.0 / std::sqrt(variance + b.epsilon);
    }
    double sumDy = 0, sumDyXhat = 0;
    g.each(k, [&](int n, int c, int i, int j) {
      double dy = b.dyData[b.dy.at(n, c, i, j)];
      sumDy += dy;
      sumDyXhat += dy * (b.x[g.x.at(n, c, i, j)] - mean) * invStd;
    });
    double gain = b.scale[p] * invStd / m;
    g.each(k, [&](int n, int c, int i, int j) {
      double xhat = (b.x[g.x.at(n, c, i, j)] - mean) * invStd;
      double dx = gain * (m * b.dyData[b.dy.at(n, c, i, j)] - sumDy - xhat * sumDyXhat);
      float& out = b.dxData[b.dx.at(n, c, i, j)];
      out = blend(b.alphaData, dx, b.betaData, out);
    });
    b.dScale[p] = blend(b.alphaParam, sumDyXhat, b.betaParam, b.dScale[p]);
    b.dBias[p] = blend(b.alphaParam, sumDy, b.betaParam, b.dBias[p]);
  }
}

/** The checks the three computations share: handle, mode, shapes, epsilon. */
cudnnStatus_t checkShapes(cudnnHandle_t handle, int mode, const Tensor4d* x, const Tensor4d* y, const Tensor4d* bn,
                          double epsilon) {
  if (!hcDnnAlive(handle) || !validMode(mode) || !ready(x) || !ready(y) || !ready(bn) || !sameShape(*x, *y) ||
      !sameShape(*bn, parameterShape(*x, mode)) || !(epsilon >= CUDNN_BN_MIN_EPSILON)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  return CUDNN_STATUS_SUCCESS;
}

bool bothOrNeither(const void* a, const void* b) { return (a == nullptr) == (b == nullptr); }

bool optionalInDevice(const void* pointer, size_t bytes) { return pointer == nullptr || inDevice(pointer, bytes); }

cudnnStatus_t enqueue(cudnnHandle_t handle, void (*run)(void*), const void* data, size_t size) {
  return hcEmuEnqueue(handle->stream, run, data, size) == 0 ? CUDNN_STATUS_SUCCESS : CUDNN_STATUS_EXECUTION_FAILED;
}

}  // namespace

HC_EXPORT cudnnStatus_t cudnnDeriveBNTensorDescriptor(cudnnTensorDescriptor_t derived, cudnnTensorDescriptor_t x,
                                                      int mode) {
  if (!hcDnnAlive(derived) || !ready(x) || !validMode(mode)) return CUDNN_STATUS_BAD_PARAM;
  *derived = parameterShape(*x, mode);
  return CUDNN_STATUS_SUCCESS;
}

HC_EXPORT cudnnStatus_t cudnnBatchNormalizationForwardTraining(
    cudnnHandle_t handle, int mode, const float* alpha, const float* beta, cudnnTensorDescriptor_t xd, const float* x,
    cudnnTensorDescriptor_t yd, float* y, cudnnTensorDescriptor_t bnd, const float* scale, const float* bias,
    double factor, float* runningMean, float* runningVariance, double epsilon, float* saveMean, float* saveInvStd) {
  cudnnStatus_t status = checkShapes(handle, mode, xd, yd, bnd, epsilon);
  if (status != CUDNN_STATUS_SUCCESS) return status;
  if (!bothOrNeither(runningMean, runningVariance) || !bothOrNeither(saveMean, saveInvStd)) {
    return CUDNN_STATUS_BAD_PARAM;
  }
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  Groups groups{*xd, *bnd, mode != CUDNN_BATCHNORM_PER_ACTIVATION};
  if (groups.members() < 2) {
    fprintf(stderr, "hypercolumn CUDA emulator: batch-norm training over groups of one value is not modelled\n");
    return CUDNN_STATUS_NOT_SUPPORTED;
  }
  size_t bnBytes = bnd->bytes();
  if (!inDevice(x, xd->bytes()) || !inDevice(y, yd->bytes()) || !inDevice(scale, bnBytes) ||
      !inDevice(bias, bnBytes) || !optionalInDevice(runningMean, bnBytes) ||
      !optionalInDevice(runningVariance, bnBytes) || !optionalInDevice(saveMean, bnBytes) ||
      !optionalInDevice(saveInvStd, bnBytes)) {
    fprintf(stderr, "hypercolumn CUDA emulator: a cuDNN batch-norm operand is outside device memory\n");
    return CUDNN_STATUS_EXECUTION_FAILED;
  }
  Normalize work{groups, *yd, true, *alpha, *beta, factor, epsilon, x, scale, bias, nullptr, nullptr,
                 y, runningMean, runningVariance, saveMean, saveInvStd};
  return enqueue(handle, runNormalize, &work, sizeof work);
}

HC_EXPORT cudnnStatus_t cudnnBatchNormalizationForwardInference(
    cudnnHandle_t handle, int mode, const float* alpha, const float* beta, cudnnTensorDescriptor_t xd, const float* x,
    cudnnTensorDescriptor_t yd, float* y, cudnnTensorDescriptor_t bnd, const float* scale, const float* bias,
    const float* mean, const float* variance, double epsilon) {
  cudnnStatus_t status = checkShapes(handle, mode, xd, yd, bnd, epsilon);
  if (status != CUDNN_STATUS_SUCCESS) return status;
  if (alpha == nullptr || beta == nullptr) return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  size_t bnBytes = bnd->bytes();
  if (!inDevice(x, xd->bytes()) || !inDevice(y, yd->bytes()) || !inDevice(scale, bnBytes) ||
      !inDevice(bias, bnBytes) || !inDevice(mean, bnBytes) || !inDevice(variance, bnBytes)) {
    fprintf(stderr, "hypercolumn CUDA emulator: a cuDNN batch-norm operand is outside device memory\n");
    return CUDNN_STATUS_EXECUTION_FAILED;
  }
  Groups groups{*xd, *bnd, mode != CUDNN_BATCHNORM_PER_ACTIVATION};
  Normalize work{groups, *yd, false, *alpha, *beta, 0.0, epsilon, x, scale, bias, mean, variance,
                 y, nullptr, nullptr, nullptr, nullptr};
  return enqueue(handle, runNormalize, &work, sizeof work);
}

HC_EXPORT cudnnStatus_t cudnnBatchNormalizationBackward(
    cudnnHandle_t handle, int mode, const float* alphaData, const float* betaData, const float* alphaParam,
    const float* betaParam, cudnnTensorDescriptor_t xd, const float* x, cudnnTensorDescriptor_t dyd, const float* dy,
    cudnnTensorDescriptor_t dxd, float* dx, cudnnTensorDescriptor_t bnd, const float* scale, float* dScale,
    float* dBias, double epsilon, const float* savedMean, const float* savedInvStd) {
  cudnnStatus_t status = checkShapes(handle, mode, xd, dyd, bnd, epsilon);
  if (status != CUDNN_STATUS_SUCCESS) return status;
  if (!ready(dxd) || !sameShape(*xd, *dxd) || !bothOrNeither(savedMean, savedInvStd)) return CUDNN_STATUS_BAD_PARAM;
  if (alphaData == nullptr || betaData == nullptr || alphaParam == nullptr || betaParam == nullptr) {
    return CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  }
  size_t bnBytes = bnd->bytes();
  if (!inDevice(x, xd->bytes()) || !inDevice(dy, dyd->bytes()) || !inDevice(dx, dxd->bytes()) ||
      !inDevice(scale, bnBytes) || !inDevice(dScale, bnBytes) || !inDevice(dBias, bnBytes) ||
      !optionalInDevice(savedMean, bnBytes) || !optionalInDevice(savedInvStd, bnBytes)) {
    fprintf(stderr, "hypercolumn CUDA emulator: a cuDNN batch-norm operand is outside device memory\n");
    return CUDNN_STATUS_EXECUTION_FAILED;
  }
  Groups groups{*xd, *bnd, mode != CUDNN_BATCHNORM_PER_ACTIVATION};
  Backward work{groups, *dyd, *dxd, *alphaData, *betaData, *alphaParam, *betaParam, epsilon, x, dy, scale,
                savedMean, savedInvStd, dx, dScale, dBias};
  return enqueue(handle, runBackward, &work, sizeof work);
}
