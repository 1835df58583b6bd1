package hypercolumn;

/** Element-wise activations a layer may apply to its output. */
public enum Activation {
  /** {@code x}. */
  IDENTITY,
  /**
   * The Heaviside step of the threshold logic unit: 1 where {@code x >= 0}, else 0. It has no
   * useful gradient, so it is only allowed on the output of a network trained with
   * {@link Loss#PERCEPTRON}.
   */
  HEAVISIDE,
  /** The logistic function {@code 1 / (1 + e^-x)}. */
  SIGMOID,
  /** The hyperbolic tangent, with outputs in (-1, 1). */
  TANH,
  /** {@code max(0, x)}. */
  RELU,
  /** {@code x} where positive, else {@code alpha * x} (alpha defaults to 0.01). */
  LEAKY_RELU,
  /** {@code x} where positive, else {@code alpha * (e^x - 1)} (alpha defaults to 1.0). */
  ELU,
  /** Normalizes each sample's features to probabilities that sum to 1. */
  SOFTMAX
}
