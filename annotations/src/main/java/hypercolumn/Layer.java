package hypercolumn;

import java.util.Arrays;

/**
 * A layer of a generated network, as user code sees it: its name, kind, output shape, and
 * where its parameters sit in the network's flat parameter buffer. The generated subclass
 * assigns one to each annotated field.
 */
public final class Layer {
  private final String name;
  private final String kind;
  private final int[] outputShape;
  private final int parameterOffset;
  private final int parameterCount;

  /**
   * Describes one layer; the generated subclass calls this, user code has no need to.
   *
   * @param name the field's name
   * @param kind the layer annotation's simple name, for example {@code Dense}
   * @param outputShape the output shape of one sample, without the batch dimension (copied)
   * @param parameterOffset index of the layer's first parameter in the flat parameter buffer
   * @param parameterCount number of learnable parameters of the layer
   */
  public Layer(String name, String kind, int[] outputShape, int parameterOffset, int parameterCount) {
    this.name = name;
    this.kind = kind;
    this.outputShape = outputShape.clone();
    this.parameterOffset = parameterOffset;
    this.parameterCount = parameterCount;
  }

  /** {@return the field's name, which is also the prefix of the layer's parameter names} */
  public String name() {
    return name;
  }

  /** {@return the layer annotation's simple name, for example {@code Dense}} */
  public String kind() {
    return kind;
  }

  /** {@return the output shape of one sample, without the batch dimension (a copy)} */
  public int[] outputShape() {
    return outputShape.clone();
  }

  /** {@return the number of floats in one sample's output, the product of the output shape} */
  public int outputSize() {
    int size = 1;
    for (int dim : outputShape) {
      size *= dim;
    }
    return size;
  }

  /**
   * {@return the index of the layer's first parameter in the network's flat parameter buffer}
   * The layer's parameters follow in PyTorch's order and layout: a dense layer's weight {@code
   * [units, in]}, then its bias.
   */
  public int parameterOffset() {
    return parameterOffset;
  }

  /** {@return the number of learnable parameters of the layer; 0 for a layer without any} */
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public String toString() {
    return name + " (" + kind + ") " + Arrays.toString(outputShape);
  }
}
