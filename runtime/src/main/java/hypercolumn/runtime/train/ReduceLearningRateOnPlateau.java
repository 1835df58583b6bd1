package hypercolumn.runtime.train;

import java.util.Locale;

/**
 * Lowers the learning rate when a metric has stopped improving, as Keras's {@code
 * ReduceLROnPlateau}: once the metric has not improved (by more than {@link #minDelta}) for
 * {@code patience} epochs, the rate is multiplied by {@link #factor}, but not below {@link
 * #minLearningRate}; after a reduction, {@link #cooldown} epochs pass before epochs without
 * improvement count again. The metric is the validation loss by default, or the training loss
 * without validation data. As in Keras, the lowered rate is kept when the fit ends.
 */
public final class ReduceLearningRateOnPlateau implements Callback {
  private final int patience;
  private Metric monitor;
  private float factor = 0.1f;
  private float minLearningRate;
  private double minDelta = 1e-4;
  private int cooldown;

  private Metric monitored;
  private double best;
  private int wait;
  private int cooldownLeft;
  private int reductions;

  private ReduceLearningRateOnPlateau(int patience) {
    this.patience = patience;
  }

  /**
   * Reduces the rate after {@code patience} epochs in a row without improvement (Keras: 10).
   *
   * @param patience epochs without improvement before a reduction, at least 1
   * @return the callback, to be configured further
   */
  public static ReduceLearningRateOnPlateau patience(int patience) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 epoch, found " + patience);
    }
    return new ReduceLearningRateOnPlateau(patience);
  }

  /**
   * The metric to watch; lower is better for losses, higher for accuracies.
   *
   * @param metric the metric to watch
   * @return this callback
   */
  public ReduceLearningRateOnPlateau monitor(Metric metric) {
    this.monitor = metric;
    return this;
  }

  /**
   * What the rate is multiplied by, in (0, 1); 0.1 by default.
   *
   * @param factor the multiplier
   * @return this callback
   */
  public ReduceLearningRateOnPlateau factor(float factor) {
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("factor must be in (0, 1), found " + factor);
    }
    this.factor = factor;
    return this;
  }

  /**
   * The rate is never lowered below this; 0 by default.
   *
   * @param minLearningRate the lowest rate
   * @return this callback
   */
  public ReduceLearningRateOnPlateau minLearningRate(float minLearningRate) {
    if (!(minLearningRate >= 0)) {
      throw new IllegalArgumentException("min learning rate must be >= 0, found " + minLearningRate);
    }
    this.minLearningRate = minLearningRate;
    return this;
  }

  /**
   * An improvement must exceed this to count; 1e-4 by default, as in Keras.
   *
   * @param minDelta the smallest change that counts as an improvement
   * @return this callback
   */
  public ReduceLearningRateOnPlateau minDelta(double minDelta) {
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be >= 0, found " + minDelta);
    }
    this.minDelta = minDelta;
    return this;
  }

  /**
   * Epochs after a reduction during which no epoch counts against patience; 0 by default.
   *
   * @param cooldown epochs to wait after a reduction
   * @return this callback
   */
  public ReduceLearningRateOnPlateau cooldown(int cooldown) {
    if (cooldown < 0) {
      throw new IllegalArgumentException("cooldown must be >= 0, found " + cooldown);
    }
    this.cooldown = cooldown;
    return this;
  }

  /** {@return how many times the rate was lowered in the last fit} */
  public int reductions() {
    return reductions;
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    monitored = monitor != null ? monitor : context.hasValidation() ? Metric.VALIDATION_LOSS : Metric.LOSS;
    if (monitored.needsValidation() && !context.hasValidation()) {
      throw new IllegalArgumentException("ReduceLearningRateOnPlateau monitors "
          + monitored.label() + " but the trainer has no validation data; call"
          + " Trainer.validation(...) or validationSplit(...), or monitor a training metric");
    }
    best = monitored.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    wait = 0;
    cooldownLeft = 0;
    reductions = 0;
  }

  /** Keras's order: count the cooldown down, then compare, then maybe reduce. */
  @Override
  public boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
    double value = monitored.of(epoch);
    if (Double.isNaN(value)) {
      throw new IllegalStateException("ReduceLearningRateOnPlateau monitors " + monitored.label()
          + ", which this model does not measure; monitor a loss instead");
    }
    boolean inCooldown = cooldownLeft > 0;
    if (inCooldown) {
      cooldownLeft--;
      wait = 0;
    }
    boolean improved = monitored.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
    if (improved) {
      best = value;
      wait = 0;
    } else if (!inCooldown) {
      wait++;
      if (wait >= patience) {
        Optimizer optimizer = context.optimizer();
        float old = optimizer.learningRate();
        if (old > minLearningRate) {
          optimizer.setLearningRate(Math.max(old * factor, minLearningRate));
          reductions++;
          cooldownLeft = cooldown;
          wait = 0;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "ReduceLearningRateOnPlateau(monitor %s, factor %s, patience %d, min_lr %s, min_delta %s, cooldown %d)",
        monitor != null ? monitor.label() : "val_loss or loss", factor, patience, minLearningRate,
        minDelta, cooldown);
  }
}
