package hypercolumn.runtime.train;

/**
 * Hooks into {@link Trainer#fit}, called on the training thread between epochs. A callback
 * that keeps state resets it in {@link #onTrainBegin}, so it can be reused across fits.
 */
public interface Callback {

  /**
   * Called before the first epoch; throw {@link IllegalArgumentException} to reject the setup.
   *
   * @param context the model, optimizer and settings of this fit
   */
  default void onTrainBegin(TrainingContext context) {}

  /**
   * Called after each epoch, once its result is in the history. Every callback is called, even
   * after one asked to stop.
   *
   * @param context the model, optimizer and settings of this fit
   * @param epoch what the epoch measured
   * @return true to stop training after this epoch
   */
  default boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
    return false;
  }

  /**
   * Why this callback stopped training, asked after {@link #onEpochEnd} returned true.
   *
   * @return one sentence for {@link History#stopMessage()}; by default the class's name and
   *     "stopped training"
   */
  default String stopMessage() {
    return getClass().getSimpleName() + " stopped training";
  }

  /**
   * Called after the last epoch, whatever the reason it was the last.
   *
   * @param context the model, optimizer and settings of this fit
   * @param history every finished epoch and why the fit stopped
   */
  default void onTrainEnd(TrainingContext context, History history) {}
}
