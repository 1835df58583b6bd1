package hypercolumn.processor.model;

import hypercolumn.Activation;
import hypercolumn.Padding;
import java.util.List;
import java.util.OptionalDouble;

/** {@code @Conv2D} as written; the accessors resolve its sizes. */
public record Conv2DSpec(
    String name,
    Origin origin,
    int filters,
    List<Integer> kernel,
    List<Integer> stride,
    Padding paddingMode,
    List<Integer> pad,
    List<Integer> dilation,
    Activation activation,
    OptionalDouble alpha,
    boolean bias)
    implements LayerSpec {

  public Conv2DSpec {
    kernel = List.copyOf(kernel);
    stride = List.copyOf(stride);
    pad = List.copyOf(pad);
    dilation = List.copyOf(dilation);
  }

  @Override
  public String kind() {
    return "Conv2D";
  }

  public int kernelHeight() {
    return Sides.first(kernel, 1);
  }

  public int kernelWidth() {
    return Sides.second(kernel, 1);
  }

  public int strideHeight() {
    return Sides.first(stride, 1);
  }

  public int strideWidth() {
    return Sides.second(stride, 1);
  }

  public int dilationHeight() {
    return Sides.first(dilation, 1);
  }

  public int dilationWidth() {
    return Sides.second(dilation, 1);
  }

  public double effectiveAlpha() {
    return DenseSpec.effectiveAlpha(activation, alpha);
  }

  /** The padding for this input: explicit, SAME or none. */
  public Sides padding(Shape input) {
    if (input.rank() != 3) {
      return Sides.NONE;
    }
    return Sides.resolve(pad, paddingMode == Padding.SAME, input.dim(1), input.dim(2), kernelHeight(), kernelWidth(),
        strideHeight(), strideWidth(), dilationHeight(), dilationWidth());
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() != 3) {
      return input;
    }
    Sides p = padding(input);
    return Shape.of(filters,
        Sides.outSize(input.dim(1), p.top(), p.bottom(), kernelHeight(), strideHeight(), dilationHeight()),
        Sides.outSize(input.dim(2), p.left(), p.right(), kernelWidth(), strideWidth(), dilationWidth()));
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.conv2d(this);
  }
}
