package hypercolumn.runtime.train;

/**
 * What one epoch measured. A value that was not measured is NaN: accuracy for a regression loss,
 * the validation metrics without validation data.
 *
 * @param epoch the epoch's number, from 1
 * @param loss mean training loss over the epoch's samples, regularization penalty included
 * @param accuracy fraction of training outputs right, measured on the batches as they trained
 * @param validationLoss mean loss on the validation data after the epoch, in
 *     inference mode (no dropout) and without the penalty
 * @param validationAccuracy fraction of validation outputs right after the epoch
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

  /** {@return whether the accuracy was measured (not for mean squared error)} */
  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }

  /** {@return whether the epoch was evaluated on validation data} */
  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }
}
