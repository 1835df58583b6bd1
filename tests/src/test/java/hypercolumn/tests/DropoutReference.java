package hypercolumn.tests;

import static hypercolumn.tests.DropoutNetworks.WIDTH;

import hypercolumn.Activation;

/**
 * The oracle of {@link DropoutStatisticsTest}, written from the definitions and calling no
 * production code: the activations, softmax and their derivatives in double, and PyTorch's
 * dropout scale. The test builds the dropout's expected output and gradient from these and the
 * mask.
 *
 * <p>PyTorch multiplies a kept value by the float32 scale {@code 1 / (1 - p)}, and so rounds
 * twice: {@code 1 - p} to float32, then the float32 quotient. On the CPU, {@code _dropout_impl} in
 * {@code aten/src/ATen/native/Dropout.cpp} draws {@code noise.bernoulli_(1 - p)}, divides it in
 * place by {@code 1 - p} ({@code noise.div_(1 - p)}, a float32 division for a float32 tensor) and
 * returns {@code input.mul(noise)}; on the GPU, {@code fused_dropout_kernel} in {@code
 * aten/src/ATen/native/cuda/Dropout.cu} takes the keep probability as a float32 {@code p} and
 * multiplies each kept value by {@code 1 / p} in float32. torch 2.13's {@code F.dropout} on the
 * CPU matches {@code x * (1f / (float) (1 - p))} bit for bit. A quotient rounded once, {@code
 * (float) (1.0 / (1 - p))}, equals it at p = 0.25 and 0.6 but not at p = 0.15 or 0.45, where it
 * is one ulp off: the 0.45 cases catch a kernel that rounds the scale once.
 */
final class DropoutReference {
  private DropoutReference() {}

  /** PyTorch's float32 scale of a kept value at dropout rate {@code rate}. */
  static float scale(double rate) {
    return 1f / (float) (1.0 - rate);
  }

  /**
   * The dropout's input, {@code (B, WIDTH)} row-major: the activation of each pre-activation, or
   * for softmax of each row; the input itself on the network's input.
   */
  static double[] dropoutInput(DropoutPlacement placement, float[] preActivation) {
    double[] y = new double[preActivation.length];
    if (placement.activation == Activation.SOFTMAX) {
      for (int row = 0; row < y.length / WIDTH; row++) {
        softmax(preActivation, row * WIDTH, y);
      }
      return y;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = activation(placement, preActivation[i]);
    }
    return y;
  }

  /**
   * The activation in double. Leaky ReLU's negative side is the float32 slope times v, as float32
   * computes it: the product of two floats is exact in double, so casting rounds it once.
   */
  static double activation(DropoutPlacement placement, float v) {
    double alpha = (float) placement.alpha;
    return switch (placement.activation) {
      case IDENTITY -> v;
      case RELU -> v > 0 ? v : 0;
      case LEAKY_RELU -> v > 0 ? v : alpha * v;
      case ELU -> v > 0 ? v : alpha * Math.expm1(v);
      case SIGMOID -> 1 / (1 + Math.exp(-v));
      case TANH -> Math.tanh(v);
      case SOFTMAX -> throw new IllegalArgumentException("softmax is a row operation");
      case HEAVISIDE -> throw new IllegalArgumentException("no dropout follows Heaviside");
    };
  }

  /** The activation's derivative at pre-activation {@code v}. */
  static double derivative(DropoutPlacement placement, float v) {
    double alpha = (float) placement.alpha;
    return switch (placement.activation) {
      case IDENTITY -> 1;
      case RELU -> v > 0 ? 1 : 0;
      case LEAKY_RELU -> v > 0 ? 1 : alpha;
      case ELU -> v > 0 ? 1 : alpha * Math.exp(v);
      case SIGMOID -> {
        double s = 1 / (1 + Math.exp(-v));
        yield s * (1 - s);
      }
      case TANH -> 1 - Math.tanh(v) * Math.tanh(v);
      case SOFTMAX -> throw new IllegalArgumentException("softmax is a row operation");
      case HEAVISIDE -> throw new IllegalArgumentException("no dropout follows Heaviside");
    };
  }

  private static void softmax(float[] v, int from, double[] y) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < WIDTH; j++) {
      max = Math.max(max, v[from + j]);
    }
    double sum = 0;
    for (int j = 0; j < WIDTH; j++) {
      y[from + j] = Math.exp(v[from + j] - max);
      sum += y[from + j];
    }
    for (int j = 0; j < WIDTH; j++) {
      y[from + j] /= sum;
    }
  }
}
