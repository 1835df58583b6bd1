// The CUDA device's own kernels: fills, bias gradients, softmax, the losses, the regularizer
// and the optimizers. Compiled by NVRTC at first use, like a network's generated kernels, and
// written the same way: grid-stride loops, no shared memory, no __syncthreads, no atomics, so
// the CPU emulator of the CUDA libraries runs this very source. Every sum is taken in a fixed
// order (one thread a row or column, then fixed partial sums), so results are reproducible.
//
// Each body mirrors a loop of hypercolumn.runtime.cpu (Pointwise, OptimizerKernels) operation
// for operation; keep them in step.

// NVRTC has no math.h; the emulator's host compiler has.
#ifndef INFINITY
#define INFINITY __int_as_float(0x7f800000)
#endif
#ifndef NAN
#define NAN __int_as_float(0x7fffffff)
#endif

#define GRID_STRIDE(i, n) \
  for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
       i += (long long) blockDim.x * gridDim.x)

// Threads of the first stage of every reduction: a fixed count, so the order of the sum does
// not depend on the GPU. The device launches exactly this many (PARTIAL_SUM_THREADS).
#define PARTIALS 1024

// out[j] = sum_i in[i][j] + beta * out[j], one thread a column, rows in order.
extern "C" __global__ void hc_sum_rows(int rows, int columns, const float* in, float beta, float* out) {
  GRID_STRIDE(j, columns) {
    float sum = beta == 0.0f ? 0.0f : beta * out[j];
    for (int i = 0; i < rows; i++) {
      sum += in[(long long) i * columns + j];
    }
    out[j] = sum;
  }
}

extern "C" __global__ void hc_softmax(int rows, int columns, const float* in, float* out) {
  GRID_STRIDE(r, rows) {
    const float* x = in + r * columns;
    float* y = out + r * columns;
    float max = -INFINITY;
    for (int j = 0; j < columns; j++) max = fmaxf(max, x[j]);
    double sum = 0;
    for (int j = 0; j < columns; j++) {
      float e = (float) exp((double) (x[j] - max));
      y[j] = e;
      sum += e;
    }
    float scale = (float) (1.0 / sum);
    for (int j = 0; j < columns; j++) y[j] *= scale;
  }
}

extern "C" __global__ void hc_softmax_backward(
    int rows, int columns, const float* y, const float* dy, float* dx) {
  GRID_STRIDE(r, rows) {
    long long row = r * columns;
    double dot = 0;
    for (int j = 0; j < columns; j++) dot += (double) dy[row + j] * y[row + j];
    float d = (float) dot;
    for (int j = 0; j < columns; j++) dx[row + j] = y[row + j] * (dy[row + j] - d);
  }
}

// One loss term a row into terms[r]; a label that is not a class index makes its term NaN and
// the host then finds the row. gradient may be null.
extern "C" __global__ void hc_softmax_cross_entropy(
    int rows, int classes, int probabilities, const float* logits, const float* labels,
    float* gradient, float gradientScale, double* terms) {
  GRID_STRIDE(r, rows) {
    const float* x = logits + r * classes;
    float labelValue = labels[r];
    int label = (int) labelValue;
    if (!(labelValue >= 0.0f) || (float) label != labelValue || label >= classes) {
      terms[r] = NAN;
      continue;
    }
    float* g = gradient == 0 ? 0 : gradient + r * classes;
    if (probabilities) {
      terms[r] = -log((double) fmaxf(x[label], 1e-30f));
      if (g != 0) {
        for (int j = 0; j < classes; j++) g[j] = (x[j] - (j == label ? 1.0f : 0.0f)) * gradientScale;
      }
      continue;
    }
    float max = -INFINITY;
    for (int j = 0; j < classes; j++) max = fmaxf(max, x[j]);
    double sum = 0;
    for (int j = 0; j < classes; j++) sum += exp((double) (x[j] - max));
    terms[r] = log(sum) - (double) (x[label] - max);
    if (g != 0) {
      double inverse = 1.0 / sum;
      for (int j = 0; j < classes; j++) {
        float p = (float) (exp((double) (x[j] - max)) * inverse);
        g[j] = (p - (j == label ? 1.0f : 0.0f)) * gradientScale;
      }
    }
  }
}

__device__ float hc_sigmoid(float x) {
  if (x >= 0.0f) return (float) (1.0 / (1.0 + exp((double) -x)));
  double e = exp((double) x);
  return (float) (e / (1.0 + e));
}

extern "C" __global__ void hc_binary_cross_entropy(
    long long count, const float* logits, const float* targets, float* gradient,
    float gradientScale, double* terms) {
  GRID_STRIDE(i, count) {
    float x = logits[i];
    float t = targets[i];
    terms[i] = fmax((double) x, 0.0) - (double) x * t + log1p(exp((double) -fabsf(x)));
    if (gradient != 0) gradient[i] = (hc_sigmoid(x) - t) * gradientScale;
  }
}

extern "C" __global__ void hc_squared_error(
    long long count, const float* predictions, const float* targets, float* gradient,
    float gradientScale, double* terms) {
  GRID_STRIDE(i, count) {
    float difference = predictions[i] - targets[i];
    terms[i] = (double) difference * difference;
    if (gradient != 0) gradient[i] = 2.0f * difference * gradientScale;
  }
}

extern "C" __global__ void hc_perceptron(
    long long count, const float* predictions, const float* targets, float* gradient,
    float gradientScale, double* terms) {
  GRID_STRIDE(i, count) {
    float difference = predictions[i] - targets[i];
    terms[i] = difference != 0.0f ? 1.0 : 0.0;
    if (gradient != 0) gradient[i] = difference * gradientScale;
  }
}

// Adds l1 * sign(w) + 2 * l2 * w to each gradient; the penalty term of each weight to terms.
extern "C" __global__ void hc_regularize(
    long long count, const float* parameters, float* gradients, float l1, float l2, double* terms) {
  float twiceL2 = 2.0f * l2;
  GRID_STRIDE(i, count) {
    float w = parameters[i];
    float sign = w > 0.0f ? 1.0f : (w < 0.0f ? -1.0f : 0.0f);
    terms[i] = l1 * fabs((double) w) + l2 * ((double) w * w);
    gradients[i] += l1 * sign + twiceL2 * w;
  }
}

// First stage of a reduction: thread t sums terms t, t + PARTIALS, ... Launched with exactly
// PARTIALS threads.
extern "C" __global__ void hc_partial_sums(long long n, const double* terms, double* partials) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= PARTIALS) return;
  double sum = 0;
  for (long long i = t; i < n; i += PARTIALS) sum += terms[i];
  partials[t] = sum;
}

// Second stage: one thread adds the partial sums in order and writes the float result,
// (float) (sum / divisor) in double, or with floatDivision (float) sum / (float) divisor, as the
// CPU device computes each loss.
extern "C" __global__ void hc_final_sum(
    const double* partials, double divisor, int floatDivision, float* result) {
  if (blockIdx.x != 0 || threadIdx.x != 0) return;
  double sum = 0;
  for (int t = 0; t < PARTIALS; t++) sum += partials[t];
  result[0] = floatDivision ? (float) sum / (float) divisor : (float) (sum / divisor);
}

// The optimizers read the values that change from step to step (the learning rate, Adam's
// step size and bias correction) from device memory, so a recorded step (a CUDA graph) reads
// each replay's values.

extern "C" __global__ void hc_sgd(long long count, float* p, const float* g, const float* lrAt) {
  float lr = *lrAt;
  GRID_STRIDE(i, count) { p[i] -= lr * g[i]; }
}

extern "C" __global__ void hc_sgd_momentum(
    long long count, float* p, const float* g, float* v, const float* lrAt, float momentum,
    int nesterov) {
  float lr = *lrAt;
  GRID_STRIDE(i, count) {
    float velocity = momentum * v[i] + g[i];
    v[i] = velocity;
    p[i] -= nesterov ? lr * (g[i] + momentum * velocity) : lr * velocity;
  }
}

// state: square averages in [0, count), momentum buffers in [count, 2 count).
extern "C" __global__ void hc_rmsprop(
    long long count, float* p, const float* g, float* state, const float* lrAt, float alpha,
    float eps, float momentum) {
  float lr = *lrAt;
  float oneMinusAlpha = 1.0f - alpha;
  GRID_STRIDE(i, count) {
    float gradient = g[i];
    float square = alpha * state[i] + oneMinusAlpha * gradient * gradient;
    state[i] = square;
    float average = sqrtf(square) + eps;
    if (momentum > 0.0f) {
      float buffer = momentum * state[count + i] + gradient / average;
      state[count + i] = buffer;
      p[i] -= lr * buffer;
    } else {
      p[i] -= lr * (gradient / average);
    }
  }
}

// state: first moments in [0, count), second moments in [count, 2 count); step[0] = lr / bc1
// and step[1] = sqrt(bc2) come from the host in double, as torch.optim.Adam computes them.
extern "C" __global__ void hc_adam(
    long long count, float* p, const float* g, float* state, float beta1, float beta2, float eps,
    const float* step) {
  float stepSize = step[0];
  float bc2Sqrt = step[1];
  float oneMinusBeta1 = 1.0f - beta1;
  float oneMinusBeta2 = 1.0f - beta2;
  GRID_STRIDE(i, count) {
    float gradient = g[i];
    float m = state[i];
    m += oneMinusBeta1 * (gradient - m);
    float v = beta2 * state[count + i] + oneMinusBeta2 * gradient * gradient;
    state[i] = m;
    state[count + i] = v;
    float denominator = sqrtf(v) / bc2Sqrt + eps;
    p[i] -= stepSize * (m / denominator);
  }
}
