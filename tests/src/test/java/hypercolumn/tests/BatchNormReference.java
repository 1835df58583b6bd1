package hypercolumn.tests;

/**
 * A plain batch normalization in double, written from the definitions, the oracle of {@link
 * CudnnBatchNormTest}. Tensors are dense NCHW. In spatial mode each channel is normalized over
 * N, H and W; per activation each (c, h, w) over N. For a group of M values: mean, the biased
 * variance var = sum((x - mean)^2) / M used to normalize, and the unbiased var * M / (M - 1)
 * that running statistics take (PyTorch's batch_norm). The gradients follow Ioffe and
 * Szegedy's chain rule through the variance and the mean (Algorithm 1 of their paper, term by
 * term), not the folded form cuDNN's emulator uses.
 */
final class BatchNormReference {
  /** cudnnBatchNormMode_t. */
  static final int PER_ACTIVATION = 0;
  static final int SPATIAL = 1;

  private BatchNormReference() {}

  record Shape(int mode, int n, int c, int h, int w) {
    int size() {
      return n * c * h * w;
    }

    int parameters() {
      return mode == SPATIAL ? c : c * h * w;
    }

    int members() {
      return size() / parameters();
    }

    /** The group (parameter index) of NCHW element i. */
    int group(int i) {
      return mode == SPATIAL ? i / (h * w) % c : i % (c * h * w);
    }

    @Override
    public String toString() {
      return (mode == SPATIAL ? "spatial " : "per activation ") + n + "x" + c + "x" + h + "x" + w;
    }
  }

  record Gradients(double[] dx, double[] dGamma, double[] dBeta) {}

  static double[] mean(Shape s, float[] x) {
    double[] sum = new double[s.parameters()];
    for (int i = 0; i < x.length; i++) {
      sum[s.group(i)] += x[i];
    }
    for (int p = 0; p < sum.length; p++) {
      sum[p] /= s.members();
    }
    return sum;
  }

  /** The biased variance. */
  static double[] variance(Shape s, float[] x, double[] mean) {
    double[] sum = new double[s.parameters()];
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - mean[s.group(i)];
      sum[s.group(i)] += d * d;
    }
    for (int p = 0; p < sum.length; p++) {
      sum[p] /= s.members();
    }
    return sum;
  }

  static double[] unbiased(Shape s, double[] biased) {
    double[] out = new double[biased.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = biased[p] * s.members() / (s.members() - 1);
    }
    return out;
  }

  static double[] inverseStd(double[] variance, double epsilon) {
    double[] out = new double[variance.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = 1 / Math.sqrt(variance[p] + epsilon);
    }
    return out;
  }

  /** gamma * (x - mean) / sqrt(variance + epsilon) + beta. */
  static double[] normalize(Shape s, float[] x, double[] mean, double[] variance, float[] gamma, float[] beta,
      double epsilon) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int p = s.group(i);
      y[i] = gamma[p] * (x[i] - mean[p]) / Math.sqrt(variance[p] + epsilon) + beta[p];
    }
    return y;
  }

  /** alpha * value + beta * old. */
  static double[] blend(double alpha, double[] value, double beta, float[] old) {
    double[] out = new double[value.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = alpha * value[i] + beta * old[i];
    }
    return out;
  }

  /** The gradients of sum(dy * y) with y = normalize(x) in training mode (batch statistics). */
  static Gradients backward(Shape s, float[] x, float[] dy, float[] gamma, double epsilon) {
    int groups = s.parameters();
    double m = s.members();
    double[] mean = mean(s, x);
    double[] variance = variance(s, x, mean);
    double[] dGamma = new double[groups];
    double[] dBeta = new double[groups];
    double[] dVariance = new double[groups];
    double[] dMean = new double[groups];
    double[] centredSum = new double[groups];
    for (int i = 0; i < x.length; i++) {
      int p = s.group(i);
      double std = Math.sqrt(variance[p] + epsilon);
      double dxhat = dy[i] * gamma[p];
      dGamma[p] += dy[i] * (x[i] - mean[p]) / std;
      dBeta[p] += dy[i];
      dVariance[p] += dxhat * (x[i] - mean[p]) * -0.5 * Math.pow(variance[p] + epsilon, -1.5);
      dMean[p] += -dxhat / std;
      centredSum[p] += -2 * (x[i] - mean[p]);
    }
    for (int p = 0; p < groups; p++) {
      dMean[p] += dVariance[p] * centredSum[p] / m;
    }
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int p = s.group(i);
      double dxhat = dy[i] * gamma[p];
      dx[i] = dxhat / Math.sqrt(variance[p] + epsilon) + dVariance[p] * 2 * (x[i] - mean[p]) / m + dMean[p] / m;
    }
    return new Gradients(dx, dGamma, dBeta);
  }

  static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
