package hypercolumn.processor.plan.pointwise;

/**
 * A buffer a kernel reads or writes, a {@code (rows, columns)} block of one of the model's
 * tensors, or for a per-column buffer (a bias) one row broadcast over all rows.
 *
 * @param name the buffer's name inside the kernel, for example {@code output}
 * @param storage which tensor of the model holds it
 * @param region the arena buffer's name, or the parameter's name such as {@code hidden.bias}
 */
public record KernelBuffer(String name, Storage storage, String region, boolean perColumn, Access access) {
  /** Which tensor holds the buffer: the arena (either of them), the parameters, or their gradients. */
  public enum Storage { ARENA, PARAMETERS, GRADIENTS }

  public enum Access {
    READ, WRITE, READ_WRITE;

    public boolean writes() {
      return this != READ;
    }
  }
}
