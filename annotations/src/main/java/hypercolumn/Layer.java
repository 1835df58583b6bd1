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

  public Layer(String name, String kind, int[] outputShape, int parameterOffset, int parameterCount) {
    this.name = name;
    this.kind = kind;
    this.outputShape = outputShape.clone();
    this.parameterOffset = parameterOffset;
    this.parameterCount = parameterCount;
  }

  /** The field's name, which is also the prefix of the layer's parameter names. */
  public String name() {
    return name;
  }

  /** The layer annotation's simple name, for example {@code Dense}. */
  public String kind() {
    return kind;
  }

  /** Output shape of one sample, without the batch dimension. */
  public int[] outputShape() {
    return outputShape.clone();
  }

  /** Number of floats in one sample's output. */
  public int outputSize() {
    int size = 1;
    for (int dim : outputShape) {
      size *= dim;
    }
    return size;
  }

  /** Index of the layer's first parameter in the flat parameter buffer. */
  public int parameterOffset() {
    return parameterOffset;
  }

  /** Number of learnable parameters of the layer. */
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public String toString() {
    return name + " (" + kind + ") " + Arrays.toString(outputShape);
  }
}
