package hypercolumn.runtime.train;

/**
 * Changes the optimizer's learning rate between epochs, as PyTorch's epoch-stepped schedulers
 * do: epoch {@code e} (0-based) trains at {@code rate(base, e, epochs)}, where {@code base} is
 * the optimizer's learning rate when the fit begins. The base rate is put back when the fit
 * ends, so the same trainer can fit again from the same starting point.
 */
public final class LearningRateSchedule implements Callback {

  /** The learning rate of epoch {@code epoch} (0-based) out of {@code epochs}. */
  private interface Rule {
    float rate(float base, int epoch, int epochs);
  }

  private final Rule rule;
  private final String description;
  private float base = Float.NaN;

  private LearningRateSchedule(Rule rule, String description) {
    this.rule = rule;
    this.description = description;
  }

  /**
   * Cosine annealing from the base rate down to 0 over the fit's epochs (PyTorch's {@code
   * CosineAnnealingLR} with {@code T_max = epochs}, {@code eta_min = 0}).
   *
   * @return the schedule, to pass to {@link Trainer#callbacks}
   */
  public static LearningRateSchedule cosine() {
    return new LearningRateSchedule(
        (base, epoch, epochs) -> (float) (base * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs))),
        "cosine annealing");
  }

  /**
   * Multiplies the rate by {@code gamma} after every epoch: epoch {@code e} trains at {@code
   * base * gamma^e} (PyTorch's {@code ExponentialLR}).
   *
   * @param gamma the factor per epoch, in (0, 1]
   * @return the schedule, to pass to {@link Trainer#callbacks}
   * @throws IllegalArgumentException if {@code gamma} is outside (0, 1]
   */
  public static LearningRateSchedule exponential(float gamma) {
    requireFactor(gamma, "gamma");
    return new LearningRateSchedule(
        (base, epoch, epochs) -> (float) (base * Math.pow(gamma, epoch)),
        "exponential decay, gamma " + gamma);
  }

  /**
   * Multiplies the rate by {@code factor} every {@code every} epochs: epoch {@code e} trains at
   * {@code base * factor^(e / every)}, rounded down (PyTorch's {@code StepLR} with {@code
   * step_size = every}, {@code gamma = factor}).
   *
   * @param every epochs between reductions, at least 1
   * @param factor the factor per reduction, in (0, 1]
   * @return the schedule, to pass to {@link Trainer#callbacks}
   * @throws IllegalArgumentException if {@code every < 1} or {@code factor} is outside (0, 1]
   */
  public static LearningRateSchedule step(int every, float factor) {
    if (every < 1) {
      throw new IllegalArgumentException("Expected a step of at least 1 epoch, found " + every);
    }
    requireFactor(factor, "factor");
    return new LearningRateSchedule(
        (base, epoch, epochs) -> (float) (base * Math.pow(factor, epoch / every)),
        "step decay, x" + factor + " every " + every + " epochs");
  }

  private static void requireFactor(float factor, String name) {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("Expected " + name + " in (0, 1], found " + factor);
    }
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    base = context.optimizer().learningRate();
    context.optimizer().setLearningRate(rule.rate(base, 0, context.epochs()));
  }

  @Override
  public boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
    if (epoch.epoch() < context.epochs()) {
      context.optimizer().setLearningRate(rule.rate(base, epoch.epoch(), context.epochs()));
    }
    return false;
  }

  @Override
  public void onTrainEnd(TrainingContext context, History history) {
    context.optimizer().setLearningRate(base);
  }

  @Override
  public String toString() {
    return description;
  }
}
