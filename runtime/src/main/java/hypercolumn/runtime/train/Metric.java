package hypercolumn.runtime.train;

/** A quantity recorded per epoch, which a callback such as {@link EarlyStopping} can monitor. */
public enum Metric {
  /** Mean training loss over the epoch's samples, penalty included ({@code loss}). */
  LOSS("loss", false),
  /**
   * Fraction of training answers right, counted on the batches as they trained ({@code acc});
   * not measured for {@link hypercolumn.Loss#MEAN_SQUARED_ERROR}.
   */
  ACCURACY("acc", true),
  /** Mean loss on validation data after the epoch, no dropout or penalty ({@code val_loss}). */
  VALIDATION_LOSS("val_loss", false),
  /** Fraction of validation answers right after the epoch ({@code val_acc}). */
  VALIDATION_ACCURACY("val_acc", true);

  private final String label;
  private final boolean higherIsBetter;

  Metric(String label, boolean higherIsBetter) {
    this.label = label;
    this.higherIsBetter = higherIsBetter;
  }

  /** {@return Keras's short name, used in progress lines and logs, for example {@code val_loss}} */
  public String label() {
    return label;
  }

  /** {@return whether a higher value is better: true for the accuracies, false for the losses} */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** {@return whether the metric is measured on validation data, which the trainer must have} */
  public boolean needsValidation() {
    return this == VALIDATION_LOSS || this == VALIDATION_ACCURACY;
  }

  /**
   * This metric's value in an epoch's record.
   *
   * @param epoch the epoch's record
   * @return the value, NaN if it was not measured
   */
  public double of(EpochResult epoch) {
    return switch (this) {
      case LOSS -> epoch.loss();
      case ACCURACY -> epoch.accuracy();
      case VALIDATION_LOSS -> epoch.validationLoss();
      case VALIDATION_ACCURACY -> epoch.validationAccuracy();
    };
  }
}
