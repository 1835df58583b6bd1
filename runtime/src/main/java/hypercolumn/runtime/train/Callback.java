package hypercolumn.runtime.train;

/**
 * Hooks into {@link Trainer#fit}, called on the training thread between epochs. A callback
 * that keeps state resets it in {@link #onTrainBegin}, so it can be reused across fits.
 */
public interface Callback {

  /** Before the first epoch; throw {@link IllegalArgumentException} to reject the setup. */
  default void onTrainBegin(TrainingContext context) {}

  /**
   * After each epoch, once its result is in the history.
   *
   * @return true to stop training after this epoch
   */
  default boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
    return false;
  }

  /** Why this callback stopped training, for {@link History#stopMessage()}. */
  default String stopMessage() {
    return getClass().getSimpleName() + " stopped training";
  }

  /** After the last epoch, whatever the reason it was the last. */
  default void onTrainEnd(TrainingContext context, History history) {}
}
