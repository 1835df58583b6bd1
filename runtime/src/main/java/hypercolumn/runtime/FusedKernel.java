package hypercolumn.runtime;

/**
 * A pointwise kernel generated for one network: a run of element-wise operations (bias,
 * activation, dropout, their gradients) fused into one pass over a {@code rows x columns} block.
 * The processor emits each kernel twice from the same description: the Java body below for
 * the CPU, and CUDA C named {@link #name()} for the GPU.
 *
 * <p>A kernel touches row {@code r} only while processing row {@code r}, so a device may split
 * the rows among threads.
 */
public abstract class FusedKernel {
  private final String name;
  private final int columns;

  protected FusedKernel(String name, int columns) {
    this.name = name;
    this.columns = columns;
  }

  /** The CUDA kernel's name, for example {@code hidden_forward_kernel}. */
  public final String name() {
    return name;
  }

  /** Elements per row; a device uses it to decide how to split the work. */
  public final int columns() {
    return columns;
  }

  /**
   * Runs rows {@code [fromRow, toRow)} on the host.
   *
   * @param tensors the kernel's buffers, in the order the generated code passes them
   * @param offsets element offset of each buffer's first row, same order
   * @param scalars float arguments such as a dropout rate
   * @param rngKey the counter-based generator's key for this launch (see {@link Rng#key})
   */
  public abstract void runOnHost(
      int fromRow, int toRow, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey);
}
