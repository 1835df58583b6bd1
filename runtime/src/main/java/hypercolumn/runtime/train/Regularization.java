package hypercolumn.runtime.train;

/**
 * L1 and L2 weight penalties, Keras's regularizers: the loss gains {@code l1 * sum|w| + l2 *
 * sum w^2} over every parameter marked {@linkplain hypercolumn.runtime.Parameter#regularized()
 * regularized} (weights, not biases).
 */
public record Regularization(float l1, float l2) {
  public Regularization {
    if (!(l1 >= 0) || !(l2 >= 0) || Float.isInfinite(l1) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException(
          "regularization factors must be finite and >= 0, found l1 " + l1 + ", l2 " + l2);
    }
  }

  /** No penalty. */
  public static final Regularization NONE = new Regularization(0, 0);

  public static Regularization l1(float factor) {
    return new Regularization(factor, 0);
  }

  public static Regularization l2(float factor) {
    return new Regularization(0, factor);
  }

  public static Regularization l1l2(float l1, float l2) {
    return new Regularization(l1, l2);
  }

  public boolean isNone() {
    return l1 == 0 && l2 == 0;
  }

  @Override
  public String toString() {
    return isNone() ? "none" : "l1 " + l1 + ", l2 " + l2;
  }
}
