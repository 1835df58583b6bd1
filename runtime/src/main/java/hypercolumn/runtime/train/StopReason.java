package hypercolumn.runtime.train;

/** Why {@link Trainer#fit} returned. */
public enum StopReason {
  /** Every epoch ran. */
  COMPLETED,
  /** A callback, such as {@link EarlyStopping}, asked to stop. */
  CALLBACK,
  /** The loss became NaN or infinite; the weights were restored from the last good epoch. */
  DIVERGED
}
