package hypercolumn.runtime.train;

/**
 * L1 and L2 weight penalties, Keras's regularizers: the loss gains {@code l1 * sum|w| + l2 *
 * sum w^2} over every parameter marked {@linkplain hypercolumn.runtime.Parameter#regularized()
 * regularized} (weights, not biases). The penalty is added to each batch's mean loss, and its
 * gradient {@code l1 * sign(w) + 2 * l2 * w} to the weights' gradients.
 *
 * <pre>{@code
 * Trainer.of(net).regularization(Regularization.l2(1e-4f))...
 * }</pre>
 *
 * @param l1 the factor of {@code sum|w|}, finite and at least 0
 * @param l2 the factor of {@code sum w^2}, finite and at least 0
 */
public record Regularization(float l1, float l2) {
  /**
   * Both penalties at once.
   *
   * @param l1 the factor of {@code sum|w|}, finite and at least 0
   * @param l2 the factor of {@code sum w^2}, finite and at least 0
   * @throws IllegalArgumentException if a factor is negative, NaN or infinite
   */
  public Regularization {
    if (!(l1 >= 0) || !(l2 >= 0) || Float.isInfinite(l1) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException(
          "regularization factors must be finite and >= 0, found l1 " + l1 + ", l2 " + l2);
    }
  }

  /** No penalty. */
  public static final Regularization NONE = new Regularization(0, 0);

  /**
   * An L1 penalty only, Keras's {@code regularizers.L1(factor)}.
   *
   * @param factor the factor of {@code sum|w|}, finite and at least 0
   * @return the regularization
   * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
   */
  public static Regularization l1(float factor) {
    return new Regularization(factor, 0);
  }

  /**
   * An L2 penalty only, Keras's {@code regularizers.L2(factor)}. In PyTorch's terms it is the
   * optimizers' {@code weight_decay = 2 * factor}, applied to the weights only.
   *
   * @param factor the factor of {@code sum w^2}, finite and at least 0
   * @return the regularization
   * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
   */
  public static Regularization l2(float factor) {
    return new Regularization(0, factor);
  }

  /**
   * Both penalties, Keras's {@code regularizers.L1L2(l1, l2)}.
   *
   * @param l1 the factor of {@code sum|w|}, finite and at least 0
   * @param l2 the factor of {@code sum w^2}, finite and at least 0
   * @return the regularization
   * @throws IllegalArgumentException if a factor is negative, NaN or infinite
   */
  public static Regularization l1l2(float l1, float l2) {
    return new Regularization(l1, l2);
  }

  /** {@return whether both factors are 0, so that training adds no penalty} */
  public boolean isNone() {
    return l1 == 0 && l2 == 0;
  }

  @Override
  public String toString() {
    return isNone() ? "none" : "l1 " + l1 + ", l2 " + l2;
  }
}
