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

  /**
   * Names one operand; called by the generated class when it allocates.
   *
   * @param tensor the tensor the operand lives in
   * @param offset the operand's first float in {@code tensor}
   */
  public Slice(Tensor tensor, int offset) {
    this.tensor = tensor;
    this.offset = offset;
  }

  /** {@return the tensor the operand lives in} */
  public Tensor tensor() {
    return tensor;
  }

  /** {@return the operand's first float in {@link #tensor()}} */
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
