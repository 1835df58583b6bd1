package hypercolumn.runtime;

/**
 * A tensor and an element offset into it: one named operand of a generated network's passes,
 * such as a layer's output in the activation arena or its weight in the parameter buffer. A
 * generated class builds its slices when it allocates (the arena's in {@code reserve}), so a
 * pass allocates nothing. Only {@link ModelSupport} re-points one, the network's input, which
 * {@code useInput} may move to the caller's tensor.
 */
public final class Slice {
  private Tensor tensor;
  private int offset;

  public Slice(Tensor tensor, int offset) {
    this.tensor = tensor;
    this.offset = offset;
  }

  public Tensor tensor() {
    return tensor;
  }

  public int offset() {
    return offset;
  }

  void point(Tensor tensor, int offset) {
    this.tensor = tensor;
    this.offset = offset;
  }

  @Override
  public String toString() {
    return "Slice(" + tensor + " at " + offset + ")";
  }
}
