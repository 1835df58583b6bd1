package hypercolumn.runtime.train;

import java.util.Locale;
import java.util.Optional;

/**
 * A model's mean loss and accuracy on a data set, and, for a model that predicts one class per
 * sample, its per-class precision, recall, F1 and confusion matrix.
 *
 * @param loss the mean loss over the samples
 * @param accuracy fraction right: argmax for softmax cross-entropy, {@code logit >= 0} for binary
 *     cross-entropy, an exact match for the perceptron; NaN for mean squared error
 * @param samples the samples evaluated
 * @param report per-class metrics ({@link Trainer#evaluate} fills them in for softmax
 *     cross-entropy, and for binary cross-entropy and the perceptron with one output); null
 *     otherwise
 */
public record Evaluation(double loss, double accuracy, int samples, ClassificationReport report) {

  /**
   * An evaluation without per-class metrics.
   *
   * @param loss the mean loss over the samples
   * @param accuracy the fraction right, NaN if not measured
   * @param samples the samples evaluated
   */
  public Evaluation(double loss, double accuracy, int samples) {
    this(loss, accuracy, samples, null);
  }

  /** {@return whether an accuracy was measured} */
  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }

  /** {@return the per-class metrics, when the model predicts one class per sample} */
  public Optional<ClassificationReport> classification() {
    return Optional.ofNullable(report);
  }

  Evaluation withReport(ClassificationReport report) {
    return new Evaluation(loss, accuracy, samples, report);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "loss %.4f%s over %,d samples", loss,
        hasAccuracy() ? String.format(Locale.ROOT, "  acc %.4f", accuracy) : "", samples);
  }
}
