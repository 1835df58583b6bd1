package hypercolumn.runtime.cpu;

/**
 * The optimizers' element-wise update rules over a range of the flat parameter buffer, written
 * with the operations in PyTorch's order so results match {@code torch.optim} closely. A CUDA
 * device runs the same loop bodies as one kernel each.
 */
final class OptimizerKernels {
  private OptimizerKernels() {}

  static void sgd(float[] p, float[] g, int from, int to, float lr) {
    for (int i = from; i < to; i++) {
      p[i] -= lr * g[i];
    }
  }

  static void sgdMomentum(
      float[] p, float[] g, float[] v, int from, int to, float lr, float momentum,
      boolean nesterov) {
    if (nesterov) {
      for (int i = from; i < to; i++) {
        float velocity = momentum * v[i] + g[i];
        v[i] = velocity;
        p[i] -= lr * (g[i] + momentum * velocity);
      }
    } else {
      for (int i = from; i < to; i++) {
        float velocity = momentum * v[i] + g[i];
        v[i] = velocity;
        p[i] -= lr * velocity;
      }
    }
  }

  /** State: square averages in {@code [0, count)}, momentum buffers in {@code [count, 2 count)}. */
  static void rmsProp(
      float[] p, float[] g, float[] state, int count, int from, int to, float lr, float alpha,
      float eps, float momentum) {
    float oneMinusAlpha = 1 - alpha;
    for (int i = from; i < to; i++) {
      float gradient = g[i];
      float square = alpha * state[i] + oneMinusAlpha * gradient * gradient;
      state[i] = square;
      float average = (float) Math.sqrt(square) + eps;
      if (momentum > 0) {
        float buffer = momentum * state[count + i] + gradient / average;
        state[count + i] = buffer;
        p[i] -= lr * buffer;
      } else {
        p[i] -= lr * (gradient / average);
      }
    }
  }

  /**
   * State: first moments in {@code [0, count)}, second moments in {@code [count, 2 count)}.
   * {@code stepSize = lr / bc1} and {@code bc2Sqrt = sqrt(bc2)} come from the host in double.
   */
  static void adam(
      float[] p, float[] g, float[] state, int count, int from, int to, float beta1,
      float beta2, float eps, float stepSize, float bc2Sqrt) {
    float oneMinusBeta1 = 1 - beta1;
    float oneMinusBeta2 = 1 - beta2;
    for (int i = from; i < to; i++) {
      float gradient = g[i];
      float m = state[i];
      m += oneMinusBeta1 * (gradient - m); // torch's lerp_
      float v = beta2 * state[count + i] + oneMinusBeta2 * gradient * gradient;
      state[i] = m;
      state[count + i] = v;
      float denominator = (float) Math.sqrt(v) / bc2Sqrt + eps;
      p[i] -= stepSize * (m / denominator);
    }
  }
}
