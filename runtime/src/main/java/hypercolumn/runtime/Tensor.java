package hypercolumn.runtime;

/**
 * A block of float32 memory owned by a {@link Device}. Generated code addresses it with
 * element offsets; only the device that allocated a tensor may use it.
 */
public interface Tensor {
  /** Number of floats. */
  int size();

  /** The device that owns this memory. */
  Device device();

  /**
   * The Java array behind a host tensor, for CPU kernels. Device memory has none.
   *
   * @throws UnsupportedOperationException if the tensor lives in device memory
   */
  float[] hostArray();
}
