package hypercolumn.runtime;

/**
 * The one float of a device into which a loss or penalty that returns its value to the host is
 * written first, then read back. It lets each device implement only the form of a loss that
 * writes into a tensor, which a queuing device can run without waiting and record in a {@link
 * RepeatedStep}; {@link Device} derives the value-returning form from it.
 */
public interface ScalarResult {

  /**
   * The tensor to write the result to, at offset 0.
   *
   * @param operation what will be read, for the message if the device cannot wait now
   * @return the device's one-float tensor
   * @throws IllegalStateException if the device cannot return a value to the host now (inside a
   *     repeated step)
   */
  Tensor target(String operation);

  /**
   * Waits for the work before it and reads the result back.
   *
   * @return the float last written to {@link #target}
   */
  float read();
}
