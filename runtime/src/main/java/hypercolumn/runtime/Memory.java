package hypercolumn.runtime;

/**
 * The memory seam of a {@link Device}: where tensors live and how floats get in and out. Every
 * other seam reads and writes the tensors made here.
 *
 * <p>Layout contract: float32, row-major, element offsets. Calls are ordered: each sees the
 * results of the calls before it; {@link #download} waits for the work before it.
 */
public interface Memory {

  /**
   * Allocates a tensor of {@code size} floats, all zero, like {@code torch.zeros(size)}.
   *
   * @param size the number of floats, at least 0
   * @return the new tensor, owned by this device until it is closed
   * @throws IllegalStateException if the device was closed
   */
  Tensor allocate(int size);

  /**
   * Copies {@code count} floats from host memory into a tensor of this device.
   *
   * @param source the host array to read
   * @param sourceOffset the first element of {@code source} to read
   * @param target the tensor to write, of this device
   * @param targetOffset the first float of {@code target} to write
   * @param count the number of floats
   * @throws IllegalArgumentException if {@code target} belongs to another device
   * @throws IndexOutOfBoundsException if a range does not fit its array or tensor
   * @throws IllegalStateException if {@code target} is read-only (see {@link Execution#readOnly})
   */
  void upload(float[] source, int sourceOffset, Tensor target, int targetOffset, int count);

  /**
   * Copies {@code count} floats from a tensor of this device into host memory, after the work
   * queued before it has finished.
   *
   * @param source the tensor to read, of this device
   * @param sourceOffset the first float of {@code source} to read
   * @param target the host array to write
   * @param targetOffset the first element of {@code target} to write
   * @param count the number of floats
   * @throws IllegalArgumentException if {@code source} belongs to another device
   * @throws IndexOutOfBoundsException if a range does not fit its array or tensor
   */
  void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count);

  /**
   * Copies {@code count} floats between tensors of this device, without passing through the
   * host.
   *
   * @param source the tensor to read
   * @param sourceOffset the first float of {@code source} to read
   * @param target the tensor to write
   * @param targetOffset the first float of {@code target} to write
   * @param count the number of floats
   * @throws IllegalArgumentException if a tensor belongs to another device
   * @throws IndexOutOfBoundsException if a range does not fit its tensor
   * @throws IllegalStateException if {@code target} is read-only (see {@link Execution#readOnly})
   */
  void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count);

  /**
   * Sets {@code count} floats of a tensor to {@code value}, like {@code Tensor.fill_}.
   *
   * @param target the tensor to write, of this device
   * @param offset the first float to set
   * @param count the number of floats
   * @param value the value every one of them gets
   * @throws IllegalArgumentException if {@code target} belongs to another device
   * @throws IndexOutOfBoundsException if the range does not fit {@code target}
   * @throws IllegalStateException if {@code target} is read-only (see {@link Execution#readOnly})
   */
  void fill(Tensor target, int offset, int count, float value);

  /**
   * A tensor of this device over {@code values} itself, not a copy, where the device computes on
   * host memory (the CPU); null where it cannot (a GPU). A model can then read its input from the
   * caller's array ({@link Model#useInput}).
   *
   * @param values the host array the tensor is to share, not copied
   * @return a tensor over {@code values}, or null if this device cannot compute on host memory
   * @throws NullPointerException if a device that makes views is given null
   */
  default Tensor hostView(float[] values) {
    return null;
  }

  /**
   * Makes a reusable copy of device floats to the host, which a training loop starts once a
   * batch and collects later, so that it need not wait for the device at each copy.
   *
   * @param capacity the most floats one copy may carry
   * @return a new host copy, to be closed when no longer needed
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  HostCopy hostCopy(int capacity);
}
