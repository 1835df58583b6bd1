package hypercolumn.runtime;

/**
 * The memory seam of a {@link Device}: where tensors live and how floats get in and out. Every
 * other seam reads and writes the tensors made here.
 *
 * <p>Layout contract: float32, row-major, element offsets. Calls are ordered: each sees the
 * results of the calls before it; {@link #download} waits for the work before it.
 */
public interface Memory {

  /** Allocates {@code size} floats, all zero. */
  Tensor allocate(int size);

  /** Copies {@code count} floats from host memory into the tensor. */
  void upload(float[] source, int sourceOffset, Tensor target, int targetOffset, int count);

  /** Copies {@code count} floats from the tensor into host memory. */
  void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count);

  /** Copies {@code count} floats between tensors of this device. */
  void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count);

  /** Sets {@code count} floats to {@code value}. */
  void fill(Tensor target, int offset, int count, float value);

  /**
   * A tensor of this device over {@code values} itself, not a copy, where the device computes on
   * host memory (the CPU); null where it cannot (a GPU). A model can then read its input from the
   * caller's array ({@link Model#useInput}).
   */
  default Tensor hostView(float[] values) {
    return null;
  }

  /** A reusable copy of up to {@code capacity} floats from this device to the host. */
  HostCopy hostCopy(int capacity);
}
