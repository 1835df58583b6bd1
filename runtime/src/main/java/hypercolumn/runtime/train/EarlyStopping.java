package hypercolumn.runtime.train;

import hypercolumn.runtime.Model;
import java.util.Locale;

/**
 * Stops training once a metric has not improved for {@code patience} epochs, as Keras's {@code
 * EarlyStopping}. The metric is the validation loss by default, or the training loss when there
 * is no validation data. With {@link #restoreBestWeights} (the default) the parameters of the
 * best epoch are kept in a host snapshot and put back when it stops (Keras's default is not to).
 *
 * <pre>{@code
 * Trainer.of(net).validation(test).callbacks(EarlyStopping.patience(3)).fit(train);
 * }</pre>
 *
 * <p>When the fit begins it throws {@link IllegalArgumentException} if it monitors a validation
 * metric and the trainer has no validation data; after an epoch, {@link IllegalStateException}
 * if the metric was not measured (an accuracy under mean squared error).
 */
public final class EarlyStopping implements Callback {
  private final int patience;
  private Metric monitor;
  private double minDelta;
  private boolean restoreBestWeights = true;

  private Metric monitored;
  private Model model;
  private double best;
  private int bestEpoch;
  private int epochsWithoutImprovement;
  private float[] bestWeights;
  private String stopMessage;

  private EarlyStopping(int patience) {
    this.patience = patience;
  }

  /**
   * Stops after a number of epochs in a row without improvement.
   *
   * @param patience epochs without improvement before stopping, at least 1 (Keras's {@code
   *     patience})
   * @return the callback, to be configured further
   * @throws IllegalArgumentException if {@code patience < 1}
   */
  public static EarlyStopping patience(int patience) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 epoch, found " + patience);
    }
    return new EarlyStopping(patience);
  }

  /**
   * The metric to watch; lower is better for losses, higher for accuracies.
   *
   * @param metric the metric; null (the default) for the validation loss, or the training loss
   *     when the trainer has no validation data
   * @return this callback
   */
  public EarlyStopping monitor(Metric metric) {
    this.monitor = metric;
    return this;
  }

  /**
   * The smallest change that counts as an improvement, 0 by default (Keras's {@code min_delta}).
   *
   * @param delta an improvement must exceed this, at least 0, in the metric's units
   * @return this callback
   * @throws IllegalArgumentException if {@code delta} is negative or NaN
   */
  public EarlyStopping minDelta(double delta) {
    if (!(delta >= 0)) {
      throw new IllegalArgumentException("minDelta must be >= 0, found " + delta);
    }
    this.minDelta = delta;
    return this;
  }

  /**
   * Whether to put back the best epoch's weights when stopping (Keras's {@code
   * restore_best_weights}); true by default. When every epoch runs, the last epoch's weights are
   * kept either way.
   *
   * @param restore true to restore the best weights, false to keep the last ones
   * @return this callback
   */
  public EarlyStopping restoreBestWeights(boolean restore) {
    this.restoreBestWeights = restore;
    return this;
  }

  /** {@return the epoch (1-based) with the best monitored value so far, 0 before the first} */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    monitored = monitor != null ? monitor : context.hasValidation() ? Metric.VALIDATION_LOSS : Metric.LOSS;
    if (monitored.needsValidation() && !context.hasValidation()) {
      throw new IllegalArgumentException(
          "EarlyStopping monitors " + monitored.label() + " but the trainer has no validation data;"
              + " call Trainer.validation(...) or monitor(Metric." + (monitored == Metric.VALIDATION_LOSS ? "LOSS" : "ACCURACY") + ")");
    }
    model = context.model();
    best = monitored.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    bestEpoch = 0;
    epochsWithoutImprovement = 0;
    stopMessage = null;
    if (restoreBestWeights && (bestWeights == null || bestWeights.length != model.parameterCount())) {
      bestWeights = new float[model.parameterCount()];
    }
  }

  @Override
  public boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
    double value = monitored.of(epoch);
    if (Double.isNaN(value)) {
      throw new IllegalStateException(
          "EarlyStopping monitors " + monitored.label() + ", which this model does not measure"
              + " (accuracy needs a classification loss); monitor a loss instead");
    }
    boolean improved =
        monitored.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
    if (improved) {
      best = value;
      bestEpoch = epoch.epoch();
      epochsWithoutImprovement = 0;
      if (restoreBestWeights) {
        model.device().download(model.parameterBuffer(), 0, bestWeights, 0, bestWeights.length);
      }
      return false;
    }
    epochsWithoutImprovement++;
    if (epochsWithoutImprovement < patience) {
      return false;
    }
    if (restoreBestWeights) {
      model.device().upload(bestWeights, 0, model.parameterBuffer(), 0, bestWeights.length);
    }
    stopMessage =
        String.format(
            Locale.ROOT,
            "early stopping at epoch %d: %s did not improve for %d epoch%s; best %.4f at epoch %d%s",
            epoch.epoch(), monitored.label(), patience, patience == 1 ? "" : "s", best, bestEpoch,
            restoreBestWeights ? ", its weights restored" : "");
    return true;
  }

  @Override
  public String stopMessage() {
    return stopMessage != null ? stopMessage : "early stopping";
  }
}
