package hypercolumn.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The per-epoch record of one {@link Trainer#fit}, and why it stopped, as the {@code History}
 * Keras's {@code fit} returns. A metric that was not measured (accuracy for mean squared error,
 * validation metrics without validation data) is NaN in every epoch; {@link #toString()} prints
 * the record as a table.
 */
public final class History {
  private final List<EpochResult> epochs = new ArrayList<>();
  private StopReason stopReason = StopReason.COMPLETED;
  private String stopMessage = "completed every epoch";

  History() {}

  void add(EpochResult epoch) {
    epochs.add(epoch);
  }

  void stop(StopReason reason, String message) {
    this.stopReason = reason;
    this.stopMessage = message;
  }

  /** {@return every finished epoch, in order, as an unmodifiable view} */
  public List<EpochResult> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /**
   * {@return the number of finished epochs} It is fewer than asked for when a callback stopped
   * the fit or it diverged.
   */
  public int size() {
    return epochs.size();
  }

  /**
   * The last finished epoch, whose weights the model holds unless a callback such as {@link
   * EarlyStopping} restored earlier ones.
   *
   * @return the last epoch's record
   * @throws IllegalStateException if no epoch finished
   */
  public EpochResult last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch finished");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** {@return the mean training loss of each epoch, regularization penalty included} */
  public double[] loss() {
    return values(Metric.LOSS);
  }

  /** {@return the training accuracy of each epoch, in [0, 1]; NaN where not measured} */
  public double[] accuracy() {
    return values(Metric.ACCURACY);
  }

  /** {@return the mean loss on the validation data after each epoch; NaN without validation} */
  public double[] validationLoss() {
    return values(Metric.VALIDATION_LOSS);
  }

  /** {@return the accuracy on the validation data after each epoch; NaN where not measured} */
  public double[] validationAccuracy() {
    return values(Metric.VALIDATION_ACCURACY);
  }

  /**
   * The values of a metric, one per finished epoch.
   *
   * @param metric the metric
   * @return its value in each epoch, in order; NaN where it was not measured
   */
  public double[] values(Metric metric) {
    double[] values = new double[epochs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = metric.of(epochs.get(i));
    }
    return values;
  }

  /**
   * The epoch with the best value of a metric: the lowest loss or the highest accuracy, the
   * first of equal ones.
   *
   * @param metric the metric
   * @return that epoch's record
   * @throws IllegalStateException if no epoch measured the metric
   */
  public EpochResult best(Metric metric) {
    EpochResult best = null;
    for (EpochResult e : epochs) {
      double v = metric.of(e);
      if (Double.isNaN(v)) {
        continue;
      }
      if (best == null
          || (metric.higherIsBetter() ? v > metric.of(best) : v < metric.of(best))) {
        best = e;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no epoch measured " + metric.label());
    }
    return best;
  }

  /**
   * {@return the lowest training loss of any epoch}
   *
   * @throws IllegalStateException if no epoch measured it
   */
  public double bestLoss() {
    return Metric.LOSS.of(best(Metric.LOSS));
  }

  /**
   * {@return the highest training accuracy of any epoch}
   *
   * @throws IllegalStateException if no epoch measured it
   */
  public double bestAccuracy() {
    return Metric.ACCURACY.of(best(Metric.ACCURACY));
  }

  /**
   * {@return the lowest validation loss of any epoch}
   *
   * @throws IllegalStateException if no epoch measured it
   */
  public double bestValidationLoss() {
    return Metric.VALIDATION_LOSS.of(best(Metric.VALIDATION_LOSS));
  }

  /**
   * {@return the highest validation accuracy of any epoch}
   *
   * @throws IllegalStateException if no epoch measured it
   */
  public double bestValidationAccuracy() {
    return Metric.VALIDATION_ACCURACY.of(best(Metric.VALIDATION_ACCURACY));
  }

  /** {@return why the fit returned: every epoch ran, a callback stopped it, or it diverged} */
  public StopReason stopReason() {
    return stopReason;
  }

  /**
   * {@return one sentence saying why training stopped} It is the callback's {@link
   * Callback#stopMessage()}, or says where the loss became NaN.
   */
  public String stopMessage() {
    return stopMessage;
  }

  /**
   * {@return whether the loss or a parameter became NaN or infinite} The model then holds the
   * weights of the last epoch that ended finite (or the initial ones).
   */
  public boolean diverged() {
    return stopReason == StopReason.DIVERGED;
  }

  /** A table with a row per epoch, then the stop message. */
  @Override
  public String toString() {
    boolean accuracy = !epochs.isEmpty() && epochs.get(0).hasAccuracy();
    boolean validation = !epochs.isEmpty() && epochs.get(0).hasValidation();
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%5s  %9s", "epoch", "loss"));
    if (accuracy) {
      s.append(String.format(Locale.ROOT, "  %8s", "acc"));
    }
    if (validation) {
      s.append(String.format(Locale.ROOT, "  %9s", "val_loss"));
      if (accuracy) {
        s.append(String.format(Locale.ROOT, "  %8s", "val_acc"));
      }
    }
    s.append(String.format(Locale.ROOT, "  %8s  %10s%n", "seconds", "samples/s"));
    for (EpochResult e : epochs) {
      s.append(String.format(Locale.ROOT, "%5d  %9.4f", e.epoch(), e.loss()));
      if (accuracy) {
        s.append(String.format(Locale.ROOT, "  %8.4f", e.accuracy()));
      }
      if (validation) {
        s.append(String.format(Locale.ROOT, "  %9.4f", e.validationLoss()));
        if (accuracy) {
          s.append(String.format(Locale.ROOT, "  %8.4f", e.validationAccuracy()));
        }
      }
      s.append(String.format(Locale.ROOT, "  %8.1f  %,10d%n", e.seconds(), Math.round(e.samplesPerSecond())));
    }
    return s.append(stopMessage).append('\n').toString();
  }
}
