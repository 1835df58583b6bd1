package hypercolumn.runtime;

/**
 * The execution seam of a {@link Device}: when the work of the other seams runs. A CPU does it
 * during the call; a GPU queues it, may record a repeated step once and replay it, and a device
 * may keep other layouts of a tensor that a span of calls only reads.
 */
public interface Execution extends AutoCloseable {

  /**
   * Whether calls queue work and return before it is done (a GPU) rather than do it (the CPU).
   * A caller that reads results later, through {@link HostCopy}, keeps such a device busy while
   * it prepares the next batch.
   *
   * @return true if calls return before their work is done, false if they do it
   */
  default boolean queuesWork() {
    return false;
  }

  /**
   * Promises that nothing writes {@code tensor} until the returned scope is closed, so the device
   * may keep copies of it in other layouts and reuse them (see {@link ReadOnlyScope}). A device
   * call that would write the tensor meanwhile throws {@link IllegalStateException}; writes
   * through {@link Tensor#hostArray()} or by a fused kernel are the caller's to avoid. The default
   * keeps nothing. A scope opened while one over the same tensor is open is nested in it: its
   * close changes nothing, and the outer one stays in charge.
   *
   * @param tensor the tensor that stays unwritten, of this device
   * @return the scope to close when the tensor may be written again
   * @throws IllegalStateException if a read-only scope over another tensor of this device is open
   */
  default ReadOnlyScope readOnly(Tensor tensor) {
    return ReadOnlyScope.NONE;
  }

  /**
   * The recorder of a step that repeats with the same calls, such as a training step: a device
   * may record it once and replay the recording (see {@link RepeatedStep}). The default runs
   * every call as it comes.
   *
   * @return a recorder of steps run on this device
   */
  default RepeatedStep repeatedStep() {
    return RepeatedStep.RUN_AS_CALLED;
  }

  /** Releases the device's memory and threads. Tensors of a closed device must not be used. */
  @Override
  void close();
}
