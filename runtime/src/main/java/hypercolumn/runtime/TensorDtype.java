package hypercolumn.runtime;

/**
 * The element type a parameter or state tensor has in a weight file, named as safetensors names
 * it. On the device every tensor is float32; an {@link #I64} tensor holds whole numbers there
 * (exact up to 2^24), such as batch norm's {@code num_batches_tracked}, which PyTorch keeps as
 * int64.
 */
public enum TensorDtype {
  F32,
  I64
}
