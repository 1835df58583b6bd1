package hypercolumn.runtime.train;

/**
 * What one epoch measured. A value that was not measured is NaN: accuracy for a regression loss,
 * the validation metrics without validation data.
 *
 * @param epoch 1-based
 * @param loss mean training loss over the epoch's samples, regularization penalty included
 * @param accuracy fraction of training outputs right, measured on the batches as they trained
 * @param seconds wall time of the epoch, validation included
 * @param samplesPerSecond training samples per second of training time
 */
public record EpochResult(
    int epoch,
    double loss,
    double accuracy,
    double validationLoss,
    double validationAccuracy,
    double seconds,
    double samplesPerSecond) {

  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }

  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }
}
