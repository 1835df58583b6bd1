package hypercolumn.runtime;

/**
 * A block of float32 memory owned by a {@link Device}. Generated code addresses it with
 * element offsets; only the device that allocated a tensor may use it.
 */
public interface Tensor {
  /** {@return the number of floats the tensor holds} */
  int size();

  /** {@return the device that allocated this memory, the only one that may use it} */
  Device device();

  /**
   * The Java array behind a host tensor, for CPU kernels. Device memory has none.
   *
   * @return the array itself, not a copy: writing it writes the tensor
   * @throws UnsupportedOperationException if the tensor lives in device memory
   */
  float[] hostArray();
}
