package hypercolumn.runtime.train;

/**
 * A model's mean loss and accuracy on a data set.
 *
 * @param accuracy fraction right: argmax for softmax cross-entropy, {@code logit >= 0} for binary
 *     cross-entropy, an exact match for the perceptron; NaN for mean squared error
 */
public record Evaluation(double loss, double accuracy, int samples) {
  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT, "loss %.4f%s over %,d samples", loss,
        hasAccuracy() ? String.format(java.util.Locale.ROOT, "  acc %.4f", accuracy) : "", samples);
  }
}
