package hypercolumn.processor.plan;

import hypercolumn.processor.model.Shape;

/**
 * One tensor in the flat parameter buffer, named and shaped as PyTorch does ({@code
 * hidden.weight} is {@code [out, in]}): a trainable parameter, or state that is saved and loaded
 * but never trained (batch norm's running statistics), which the plan places after every
 * trainable parameter so that the optimizer's one pass covers only trainable ones.
 *
 * @param dtype the weight file's dtype: {@code "F32"}, or {@code "I64"} for integer state such
 *     as {@code num_batches_tracked}
 */
public record ParameterSlot(
    String name, Shape shape, int offset, boolean regularized, boolean trainable, String dtype) {
  public ParameterSlot {
    if (!dtype.equals("F32") && !(dtype.equals("I64") && !trainable)) {
      throw new IllegalArgumentException(name + ": a " + (trainable ? "trainable parameter" : "state tensor")
          + " cannot have dtype " + dtype);
    }
  }

  /** A trainable float32 parameter, as every layer's weights and biases are. */
  public ParameterSlot(String name, Shape shape, int offset, boolean regularized) {
    this(name, shape, offset, regularized, true, "F32");
  }

  public int size() {
    return shape.size();
  }
}
