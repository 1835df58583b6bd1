package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.runtime.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network of dense and dropout layers evaluated in double, straight from the math: the
 * activations and their derivatives in terms of the pre-activation (not, as the generated
 * kernels write them, of the output), softmax's Jacobian, each loss from its definition, and
 * back-propagation by the chain rule. It is the oracle of {@link GeneratedKernelsOracleTest}.
 *
 * <p>The one thing it takes from the runtime is the random number a dropout compares with its
 * rate: {@code Rng.uniform(Rng.key(rngKey, layerIndex, 0), row * width + column)}, the
 * counter-based draw of {@code DESIGN.md} with the layer's index as its stream, as the generated
 * code keys each dropout. The numbers themselves are {@code RngKnownAnswerTest}'s and {@code
 * DropoutStatisticsTest}'s business; what the kernels do with them (the comparison with the rate,
 * the element index, the scale, the mask drawn again in backward) is checked here.
 */
final class ReferenceNetwork {
  sealed interface Layer {}

  /** A dense layer {@code act(x W^T + b)}; {@code alpha} is leaky ReLU's slope or ELU's scale. */
  record Dense(String name, int units, Activation activation, double alpha, boolean bias)
      implements Layer {}

  /** Inverted dropout: kept values are divided by {@code 1 - rate}. */
  record Dropout(double rate) implements Layer {}

  /** What the network computed: output, mean loss and the gradient of every parameter. */
  record Result(double[] output, double loss, Map<String, double[]> gradients) {}

  private final Loss loss;
  private final int inputSize;
  private final List<Layer> layers;

  ReferenceNetwork(Loss loss, int inputSize, Layer... layers) {
    this.loss = loss;
    this.inputSize = inputSize;
    this.layers = List.of(layers);
  }

  static Dense dense(String name, int units, Activation activation, double alpha) {
    return new Dense(name, units, activation, alpha, true);
  }

  static Dense denseWithoutBias(String name, int units, Activation activation, double alpha) {
    return new Dense(name, units, activation, alpha, false);
  }

  static Dropout dropout(double rate) {
    return new Dropout(rate);
  }

  /**
   * Forward, loss and, if {@code training}, backward over {@code batch} samples, with each
   * parameter's values looked up by its name in {@code parameters} (PyTorch's layouts).
   */
  Result run(Map<String, float[]> parameters, float[] x, float[] labels, int batch,
      boolean training, long rngKey) {
    List<double[]> inputs = new ArrayList<>();
    List<double[]> preActivations = new ArrayList<>();
    List<boolean[]> masks = new ArrayList<>();
    double[] current = new double[batch * inputSize];
    for (int i = 0; i < current.length; i++) {
      current[i] = x[i];
    }
    int width = inputSize;
    for (int index = 0; index < layers.size(); index++) {
      Layer layer = layers.get(index);
      inputs.add(current);
      if (layer instanceof Dense dense) {
        double[] z = affine(current, batch, width, dense, parameters);
        preActivations.add(z);
        masks.add(null);
        current = activate(dense, z, batch);
        width = dense.units();
      } else {
        Dropout dropout = (Dropout) layer;
        boolean[] keep = new boolean[batch * width];
        long key = Rng.key(rngKey, index, 0);
        double scale = training ? 1 / (1 - dropout.rate()) : 1;
        double[] out = new double[current.length];
        for (int i = 0; i < out.length; i++) {
          keep[i] = !training || Rng.uniform(key, i) >= (float) dropout.rate();
          out[i] = keep[i] ? current[i] * scale : 0;
        }
        preActivations.add(null);
        masks.add(keep);
        current = out;
      }
    }
    double[] output = current;
    double[] gradient = new double[output.length];
    double meanLoss = loss(output, labels, batch, width, gradient);
    Map<String, double[]> gradients = new LinkedHashMap<>();
    if (!training) {
      return new Result(output, meanLoss, gradients);
    }
    for (int index = layers.size() - 1; index >= 0; index--) {
      Layer layer = layers.get(index);
      double[] in = inputs.get(index);
      if (layer instanceof Dropout dropout) {
        boolean[] keep = masks.get(index);
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] = keep[i] ? gradient[i] / (1 - dropout.rate()) : 0;
        }
        continue;
      }
      Dense dense = (Dense) layer;
      boolean foldedSoftmax = index == layers.size() - 1 && loss == Loss.SOFTMAX_CROSS_ENTROPY
          && dense.activation() == Activation.SOFTMAX;
      double[] dz = foldedSoftmax ? gradient
          : preActivationGradient(dense, preActivations.get(index), gradient, batch);
      int fanIn = in.length / batch;
      float[] w = parameters.get(dense.name() + ".weight");
      double[] dw = new double[dense.units() * fanIn];
      double[] db = new double[dense.units()];
      double[] dx = new double[batch * fanIn];
      for (int b = 0; b < batch; b++) {
        for (int o = 0; o < dense.units(); o++) {
          double d = dz[b * dense.units() + o];
          db[o] += d;
          for (int i = 0; i < fanIn; i++) {
            dw[o * fanIn + i] += d * in[b * fanIn + i];
            dx[b * fanIn + i] += d * w[o * fanIn + i];
          }
        }
      }
      gradients.put(dense.name() + ".weight", dw);
      if (dense.bias()) {
        gradients.put(dense.name() + ".bias", db);
      }
      gradient = dx;
    }
    return new Result(output, meanLoss, gradients);
  }

  private static double[] affine(double[] x, int batch, int fanIn, Dense dense,
      Map<String, float[]> parameters) {
    float[] w = parameters.get(dense.name() + ".weight");
    float[] bias = dense.bias() ? parameters.get(dense.name() + ".bias") : null;
    double[] z = new double[batch * dense.units()];
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < dense.units(); o++) {
        double sum = bias == null ? 0 : bias[o];
        for (int i = 0; i < fanIn; i++) {
          sum += x[b * fanIn + i] * w[o * fanIn + i];
        }
        z[b * dense.units() + o] = sum;
      }
    }
    return z;
  }

  private static double[] activate(Dense dense, double[] z, int batch) {
    if (dense.activation() == Activation.SOFTMAX) {
      return softmax(z, batch, dense.units());
    }
    double[] y = new double[z.length];
    double alpha = dense.alpha();
    for (int i = 0; i < z.length; i++) {
      double v = z[i];
      y[i] = switch (dense.activation()) {
        case IDENTITY -> v;
        case HEAVISIDE -> v >= 0 ? 1 : 0;
        case SIGMOID -> 1 / (1 + Math.exp(-v));
        case TANH -> Math.tanh(v);
        case RELU -> Math.max(v, 0);
        case LEAKY_RELU -> v > 0 ? v : alpha * v;
        case ELU -> v > 0 ? v : alpha * (Math.exp(v) - 1);
        case SOFTMAX -> throw new AssertionError();
      };
    }
    return y;
  }

  /** dL/dz from dL/dy for {@code y = act(z)}; Heaviside passes the gradient straight through. */
  private static double[] preActivationGradient(Dense dense, double[] z, double[] dy, int batch) {
    int n = dense.units();
    double[] dz = new double[z.length];
    if (dense.activation() == Activation.SOFTMAX) {
      double[] y = softmax(z, batch, n);
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += dy[b * n + i] * y[b * n + i] * ((i == j ? 1 : 0) - y[b * n + j]);
          }
          dz[b * n + j] = sum;
        }
      }
      return dz;
    }
    double alpha = dense.alpha();
    for (int i = 0; i < z.length; i++) {
      double v = z[i];
      double derivative = switch (dense.activation()) {
        case IDENTITY, HEAVISIDE -> 1;
        case SIGMOID -> Math.exp(-v) / ((1 + Math.exp(-v)) * (1 + Math.exp(-v)));
        case TANH -> 1 / (Math.cosh(v) * Math.cosh(v));
        case RELU -> v > 0 ? 1 : 0;
        case LEAKY_RELU -> v > 0 ? 1 : alpha;
        case ELU -> v > 0 ? 1 : alpha * Math.exp(v);
        case SOFTMAX -> throw new AssertionError();
      };
      dz[i] = dy[i] * derivative;
    }
    return dz;
  }

  /** The mean loss; its gradient with respect to the network's output into {@code gradient}. */
  private double loss(double[] y, float[] labels, int batch, int width, double[] gradient) {
    int count = batch * width;
    double total = 0;
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        boolean probabilities = layers.get(layers.size() - 1) instanceof Dense last
            && last.activation() == Activation.SOFTMAX;
        double[] p = probabilities ? y : softmax(y, batch, width);
        for (int b = 0; b < batch; b++) {
          int label = (int) labels[b];
          total -= Math.log(p[b * width + label]);
          for (int j = 0; j < width; j++) {
            gradient[b * width + j] = (p[b * width + j] - (j == label ? 1 : 0)) / batch;
          }
        }
        return total / batch;
      }
      case BINARY_CROSS_ENTROPY -> {
        for (int i = 0; i < count; i++) {
          // -log s = softplus(-y) and -log(1 - s) = softplus(y), finite where 1 - s rounds to 0
          total += labels[i] * softplus(-y[i]) + (1 - labels[i]) * softplus(y[i]);
          gradient[i] = (1 / (1 + Math.exp(-y[i])) - labels[i]) / count;
        }
        return total / count;
      }
      case MEAN_SQUARED_ERROR -> {
        for (int i = 0; i < count; i++) {
          double d = y[i] - labels[i];
          total += d * d;
          gradient[i] = 2 * d / count;
        }
        return total / count;
      }
      case PERCEPTRON -> {
        for (int i = 0; i < count; i++) {
          total += y[i] != labels[i] ? 1 : 0;
          gradient[i] = (y[i] - labels[i]) / batch;
        }
        return total / count;
      }
    }
    throw new AssertionError(loss);
  }

  private static double softplus(double z) {
    return z > 30 ? z : Math.log(1 + Math.exp(z));
  }

  private static double[] softmax(double[] z, int batch, int n) {
    double[] y = new double[z.length];
    for (int b = 0; b < batch; b++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, z[b * n + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(z[b * n + j] - max);
      }
      for (int j = 0; j < n; j++) {
        y[b * n + j] = Math.exp(z[b * n + j] - max) / sum;
      }
    }
    return y;
  }
}
