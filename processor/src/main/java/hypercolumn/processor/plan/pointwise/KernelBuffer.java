package hypercolumn.processor.plan.pointwise;

/**
 * A buffer a kernel reads or writes: a block of one of the model's tensors, seen through a
 * {@link View} that maps each element of the launch to one of the buffer's elements.
 *
 * @param name the buffer's name inside the kernel, for example {@code output}
 * @param storage which tensor of the model holds it
 * @param region the arena buffer's name, or the parameter's name such as {@code hidden.bias}
 * @param element whether it holds floats or integer indices
 */
public record KernelBuffer(String name, Storage storage, String region, View view, Element element, Access access) {
  /** Which tensor holds the buffer: the arena (either of them), the parameters, or their gradients. */
  public enum Storage { ARENA, PARAMETERS, GRADIENTS }

  /**
   * What an element holds. An index buffer (a pooling's argmax) lives in a float tensor like
   * every other, each element holding an {@code int}'s 32 bits: CUDA declares it {@code int*},
   * Java converts the bits with {@code Float.floatToRawIntBits}, so both read the same integers.
   */
  public enum Element { FLOAT, INDEX }

  public enum Access {
    READ, WRITE, READ_WRITE;

    public boolean writes() {
      return this != READ;
    }
  }

  public KernelBuffer {
    if (access.writes() && view instanceof View.Computed computed && !computed.guard().isEmpty()) {
      throw new IllegalArgumentException("Expected a guarded view to be read only, found " + name + " " + access);
    }
  }

  /** A float buffer read as a row of the launch's block or, if {@code perColumn}, as a bias. */
  public KernelBuffer(String name, Storage storage, String region, boolean perColumn, Access access) {
    this(name, storage, region, perColumn ? new View.Column() : new View.Row(), Element.FLOAT, access);
  }

  /** Whether one row of it is broadcast over all rows of the launch. */
  public boolean perColumn() {
    return view instanceof View.Column;
  }
}
