package hypercolumn.runtime;

/**
 * A copy of device values to the host that the host collects later, so it need not wait for the
 * device when it queues the copy. One object is reused for many copies, which keeps a training
 * loop free of allocation:
 *
 * <pre>{@code
 * HostCopy results = device.hostCopy(2);
 * results.start(resultTensor, 0, 2);  // queued after the work before it; returns at once
 * ...                                 // queue more work
 * float[] values = results.await();   // waits for the copy; values[0], values[1]
 * }</pre>
 */
public interface HostCopy extends AutoCloseable {

  /**
   * Queues the copy of {@code count} floats from {@code source}, after the work queued before it.
   * The floats of the previous copy are then lost.
   *
   * @param source the tensor to copy from, of the device that made this copy
   * @param sourceOffset the first float to copy
   * @param count the number of floats, at most the capacity given to {@link Device#hostCopy}
   * @throws IllegalArgumentException if {@code count} exceeds the capacity or {@code source}
   *     belongs to another device
   * @throws IndexOutOfBoundsException if the range does not fit {@code source}
   */
  void start(Tensor source, int sourceOffset, int count);

  /**
   * Waits until the last started copy has landed and returns its floats in the first {@code
   * count} elements of an array that stays valid until the next {@link #start}.
   *
   * @return the array the copy landed in, as long as the capacity; it is reused by the next copy
   * @throws IllegalStateException if no copy was started
   */
  float[] await();

  /** Releases the host memory of the copy. */
  @Override
  void close();
}
