package hypercolumn.runtime.train;

/** A quantity recorded per epoch, which a callback such as {@link EarlyStopping} can monitor. */
public enum Metric {
  LOSS("loss", false),
  ACCURACY("acc", true),
  VALIDATION_LOSS("val_loss", false),
  VALIDATION_ACCURACY("val_acc", true);

  private final String label;
  private final boolean higherIsBetter;

  Metric(String label, boolean higherIsBetter) {
    this.label = label;
    this.higherIsBetter = higherIsBetter;
  }

  /** The short name used in progress lines, for example {@code val_loss}. */
  public String label() {
    return label;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public boolean needsValidation() {
    return this == VALIDATION_LOSS || this == VALIDATION_ACCURACY;
  }

  /** This metric's value in an epoch's record (NaN if it was not measured). */
  public double of(EpochResult epoch) {
    return switch (this) {
      case LOSS -> epoch.loss();
      case ACCURACY -> epoch.accuracy();
      case VALIDATION_LOSS -> epoch.validationLoss();
      case VALIDATION_ACCURACY -> epoch.validationAccuracy();
    };
  }
}
