package hypercolumn;

/**
 * How a network's output is compared with its labels. Each loss averages over the batch as
 * PyTorch's default {@code reduction='mean'} does.
 */
public enum Loss {
  /**
   * Softmax followed by cross-entropy against an integer class label per sample (PyTorch's
   * {@code CrossEntropyLoss}). The last layer produces logits; the loss applies the softmax.
   */
  SOFTMAX_CROSS_ENTROPY,
  /**
   * Sigmoid followed by binary cross-entropy, one 0/1 label per output (PyTorch's {@code
   * BCEWithLogitsLoss}). The last layer produces logits; the loss applies the sigmoid.
   */
  BINARY_CROSS_ENTROPY,
  /** Mean of squared differences over every output (PyTorch's {@code MSELoss}). */
  MEAN_SQUARED_ERROR,
  /**
   * The perceptron criterion for a threshold logic unit: the last layer ends in {@link
   * Activation#HEAVISIDE}, and the gradient passed to its pre-activation is {@code prediction -
   * target}, so plain SGD with batch size 1 is exactly Rosenblatt's perceptron rule {@code w +=
   * lr * (target - prediction) * x}. The reported loss is the fraction of wrong outputs.
   */
  PERCEPTRON
}
