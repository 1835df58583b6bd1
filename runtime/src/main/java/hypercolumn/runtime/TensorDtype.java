package hypercolumn.runtime;

/**
 * The element type a parameter or state tensor has in a weight file, named as safetensors names
 * it. On the device every tensor is float32; an {@link #I64} tensor holds whole numbers there
 * (exact up to 2^24), such as batch norm's {@code num_batches_tracked}, which PyTorch keeps as
 * int64.
 */
public enum TensorDtype {
  /** 32-bit IEEE float, safetensors' {@code F32}: every trainable parameter. */
  F32,
  /**
   * 64-bit signed integer, safetensors' {@code I64}: a count such as {@code num_batches_tracked},
   * held on the device as a float.
   */
  I64
}
