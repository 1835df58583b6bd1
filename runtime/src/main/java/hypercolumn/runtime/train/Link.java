package hypercolumn.runtime.train;

import hypercolumn.Loss;

/**
 * How a network's outputs become what its loss compares with the labels: the softmax for
 * softmax cross-entropy and the sigmoid for binary cross-entropy, whose networks end in logits
 * (see {@link Loss}); the outputs themselves for mean squared error and the perceptron.
 *
 * <p>A network declared with a softmax last layer and softmax cross-entropy already outputs
 * probabilities, and its loss applies a second softmax, as PyTorch's {@code CrossEntropyLoss}
 * would; its {@link Predictions} then apply one more. Declare the last layer without an
 * activation to get the probabilities of the loss.
 */
public enum Link {
  /** {@code p_j = exp(z_j) / sum_i exp(z_i)} over a sample's outputs. */
  SOFTMAX,
  /** {@code p = 1 / (1 + exp(-z))} for each output. */
  SIGMOID,
  /** The outputs as they are. */
  IDENTITY;

  /**
   * The link of a loss.
   *
   * @param loss a network's loss
   * @return the link its outputs go through
   */
  public static Link of(Loss loss) {
    return switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> SOFTMAX;
      case BINARY_CROSS_ENTROPY -> SIGMOID;
      case MEAN_SQUARED_ERROR, PERCEPTRON -> IDENTITY;
    };
  }

  /**
   * Applies the link to {@code width} outputs from {@code offset}, into {@code out} from {@code
   * outOffset}; the softmax subtracts the largest output first, so large logits do not overflow.
   */
  void apply(float[] outputs, int offset, int width, float[] out, int outOffset) {
    switch (this) {
      case SOFTMAX -> {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) {
          max = Math.max(max, outputs[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < width; j++) {
          sum += Math.exp(outputs[offset + j] - max);
        }
        for (int j = 0; j < width; j++) {
          out[outOffset + j] = (float) (Math.exp(outputs[offset + j] - max) / sum);
        }
      }
      case SIGMOID -> {
        for (int j = 0; j < width; j++) {
          out[outOffset + j] = (float) (1 / (1 + Math.exp(-(double) outputs[offset + j])));
        }
      }
      case IDENTITY -> System.arraycopy(outputs, offset, out, outOffset, width);
    }
  }
}
