package hypercolumn.runtime;

import java.util.Arrays;

/**
 * One named parameter tensor inside a model's flat parameter buffer, named and laid out as
 * PyTorch names and lays it out ({@code hidden.weight} is {@code [out, in]}).
 *
 * @param name PyTorch-style name, layer field name then {@code .weight} or {@code .bias}
 * @param shape the tensor's shape
 * @param offset index of its first element in the flat buffer
 * @param regularized whether L1/L2 penalties apply (weights yes, biases no, as in Keras)
 */
public record Parameter(String name, int[] shape, int offset, boolean regularized) {
  public Parameter {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    int size = 1;
    for (int dim : shape) {
      size *= dim;
    }
    return size;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Parameter p
        && name.equals(p.name)
        && Arrays.equals(shape, p.shape)
        && offset == p.offset
        && regularized == p.regularized;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape) + offset;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + offset;
  }
}
