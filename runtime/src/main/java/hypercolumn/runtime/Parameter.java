package hypercolumn.runtime;

import java.util.Arrays;

/**
 * One named tensor inside a model's flat parameter buffer, named and laid out as PyTorch names
 * and lays it out ({@code hidden.weight} is {@code [out, in]}).
 *
 * <p>Two kinds share the buffer. A trainable parameter (a weight, a bias) is updated by the
 * optimizer. A state tensor (batch norm's running statistics) is saved and loaded with the
 * weights but never trained: it has no gradient, no penalty, and the optimizer never sees it.
 * A model places every state tensor after every trainable parameter, so the trainable ones form
 * one range from offset 0 that an optimizer updates in one pass.
 *
 * @param name PyTorch-style name, layer field name then {@code .weight}, {@code .bias} or the
 *     state's name
 * @param shape the tensor's shape
 * @param offset index of its first element in the flat buffer
 * @param regularized whether L1/L2 penalties apply (weights yes, biases no, as in Keras); false
 *     for state
 * @param trainable whether the optimizer updates it (false for state)
 * @param dtype its element type in a weight file; {@link TensorDtype#F32} for every trainable
 *     parameter
 */
public record Parameter(
    String name, int[] shape, int offset, boolean regularized, boolean trainable, TensorDtype dtype) {
  /**
   * Copies the shape, so the record stays unchanged whatever the caller does with its array.
   *
   * @param name PyTorch-style name, such as {@code hidden.weight}
   * @param shape the tensor's shape, copied
   * @param offset index of its first element in the flat buffer
   * @param regularized whether L1/L2 penalties apply
   * @param trainable whether the optimizer updates it
   * @param dtype its element type in a weight file
   * @throws IllegalArgumentException if a trainable parameter is not {@link TensorDtype#F32} or a
   *     state tensor is regularized
   */
  public Parameter {
    shape = shape.clone();
    if (trainable && dtype != TensorDtype.F32) {
      throw new IllegalArgumentException(
          "trainable parameter " + name + " must be F32, found " + dtype);
    }
    if (!trainable && regularized) {
      throw new IllegalArgumentException("state tensor " + name + " cannot be regularized");
    }
  }

  /**
   * A trainable float32 parameter, as every layer's weights and biases are.
   *
   * @param name PyTorch-style name, such as {@code hidden.weight}
   * @param shape the tensor's shape, copied
   * @param offset index of its first element in the flat buffer
   * @param regularized whether L1/L2 penalties apply (weights yes, biases no)
   */
  public Parameter(String name, int[] shape, int offset, boolean regularized) {
    this(name, shape, offset, regularized, true, TensorDtype.F32);
  }

  /**
   * A state tensor: saved and loaded in {@code dtype}, never trained, like a PyTorch buffer
   * ({@code running_mean}).
   *
   * @param name PyTorch-style name, such as {@code norm.running_mean}
   * @param shape the tensor's shape, copied
   * @param offset index of its first element in the flat buffer
   * @param dtype its element type in a weight file
   * @return the state tensor, not regularized and not trainable
   */
  public static Parameter state(String name, int[] shape, int offset, TensorDtype dtype) {
    return new Parameter(name, shape, offset, false, false, dtype);
  }

  /** {@return a copy of the tensor's shape} */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * {@return the number of elements, the product of the shape (1 for a scalar, whose shape is
   * {@code []})}
   */
  public int size() {
    int size = 1;
    for (int dim : shape) {
      size *= dim;
    }
    return size;
  }

  /** {@return the field name of the layer it belongs to: its name up to the first dot} */
  public String layer() {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Parameter p
        && name.equals(p.name)
        && Arrays.equals(shape, p.shape)
        && offset == p.offset
        && regularized == p.regularized
        && trainable == p.trainable
        && dtype == p.dtype;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape) + offset;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + offset + (trainable ? "" : " state " + dtype);
  }
}
