package hypercolumn.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The per-epoch record of one {@link Trainer#fit}, and why it stopped. */
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

  /** Every finished epoch, in order. */
  public List<EpochResult> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** Number of finished epochs. */
  public int size() {
    return epochs.size();
  }

  public EpochResult last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch finished");
    }
    return epochs.get(epochs.size() - 1);
  }

  public double[] loss() {
    return values(Metric.LOSS);
  }

  public double[] accuracy() {
    return values(Metric.ACCURACY);
  }

  public double[] validationLoss() {
    return values(Metric.VALIDATION_LOSS);
  }

  public double[] validationAccuracy() {
    return values(Metric.VALIDATION_ACCURACY);
  }

  /** The values of a metric, one per epoch. */
  public double[] values(Metric metric) {
    double[] values = new double[epochs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = metric.of(epochs.get(i));
    }
    return values;
  }

  /** The epoch with the best value of the metric (lowest loss, highest accuracy). */
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

  public double bestLoss() {
    return Metric.LOSS.of(best(Metric.LOSS));
  }

  public double bestAccuracy() {
    return Metric.ACCURACY.of(best(Metric.ACCURACY));
  }

  public double bestValidationLoss() {
    return Metric.VALIDATION_LOSS.of(best(Metric.VALIDATION_LOSS));
  }

  public double bestValidationAccuracy() {
    return Metric.VALIDATION_ACCURACY.of(best(Metric.VALIDATION_ACCURACY));
  }

  public StopReason stopReason() {
    return stopReason;
  }

  /** One sentence saying why training stopped. */
  public String stopMessage() {
    return stopMessage;
  }

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
