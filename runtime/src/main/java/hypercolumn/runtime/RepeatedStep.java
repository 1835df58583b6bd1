package hypercolumn.runtime;

/**
 * A run of device calls that repeats, such as a training step: the same operations on the same
 * tensors, where only values such as random keys, learning rates and Adam's step change. A
 * device may record the calls of a repetition and replay the recording afterwards, which on a
 * GPU turns dozens of kernel launches into one (a CUDA graph).
 *
 * <pre>{@code
 * RepeatedStep step = device.repeatedStep();
 * step.begin(batch);   // the key: repetitions with the same key issue the same calls
 * ...                  // forward, loss, backward, update: calls that return nothing to the host
 * step.end();          // queued or done
 * }</pre>
 *
 * <p>Between {@code begin} and {@code end} only calls that return nothing to the host may come
 * (no {@code download}, no loss that returns its value, no {@code upload}): the loss and the
 * regularizer write their results to a tensor instead. While a recording is replayed, the calls
 * still come, to supply the values that change, but queue nothing; each is checked against the
 * recording and one that differs in anything else throws {@link IllegalStateException}.
 */
public interface RepeatedStep extends AutoCloseable {

  /** Runs every call as it comes: the CPU device's. */
  RepeatedStep RUN_AS_CALLED = new RepeatedStep() {
    @Override
    public void begin(int key) {}

    @Override
    public void end() {}

    @Override
    public void abandon() {}

    @Override
    public void close() {}
  };

  /**
   * Starts a repetition of the step.
   *
   * @param key what tells recordings apart, for example the batch size: repetitions with the
   *     same key must issue the same calls; a device keeps one recording per key
   * @throws IllegalStateException on a device that records, if a repetition begun earlier has
   *     not ended
   */
  void begin(int key);

  /** Ends the repetition begun last; its work is then queued or done. */
  void end();

  /**
   * Ends the repetition begun last without finishing it, after a call in it threw: a half-made
   * recording is dropped and calls run as they come again. Does nothing if none is open.
   */
  void abandon();

  /** Releases the recordings. */
  @Override
  void close();
}
