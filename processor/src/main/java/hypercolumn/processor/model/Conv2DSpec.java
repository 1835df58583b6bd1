package hypercolumn.processor.model;

import hypercolumn.Activation;
import hypercolumn.Padding;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A {@code @Conv2D} layer as written: sizes as the lists the user wrote (one value or two; the
 * checks reject other lengths), explicit {@code pad} empty unless written.
 */
public record Conv2DSpec(
    String name,
    Origin origin,
    int filters,
    List<Integer> kernel,
    List<Integer> stride,
    Padding paddingRule,
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

  /** A convolution with stride 1, no dilation and a bias, for tests and generated networks. */
  public static Conv2DSpec of(String name, int filters, int kernel, Padding padding, Activation activation) {
    return new Conv2DSpec(name, Origin.NONE, filters, List.of(kernel), List.of(1), padding, List.of(),
        List.of(1), activation, OptionalDouble.empty(), true);
  }

  public int kernelHeight() {
    return WindowSizes.pick(kernel, 0, 1);
  }

  public int kernelWidth() {
    return WindowSizes.pick(kernel, 1, 1);
  }

  public int strideHeight() {
    return WindowSizes.pick(stride, 0, 1);
  }

  public int strideWidth() {
    return WindowSizes.pick(stride, 1, 1);
  }

  public int dilationHeight() {
    return WindowSizes.pick(dilation, 0, 1);
  }

  public int dilationWidth() {
    return WindowSizes.pick(dilation, 1, 1);
  }

  /** The padding of each side for this input: explicit, SAME or VALID. */
  public Sides padding(Shape input) {
    return WindowSizes.padding(pad, paddingRule, input, kernelHeight(), kernelWidth(),
        strideHeight(), strideWidth(), dilationHeight(), dilationWidth());
  }

  public double effectiveAlpha() {
    return DenseSpec.effectiveAlpha(activation, alpha);
  }

  @Override
  public String kind() {
    return "Conv2D";
  }

  /** {@code (filters, OH, OW)}; a flat input (which the checks reject) is passed on unchanged. */
  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() != 3) {
      return input;
    }
    Sides sides = padding(input);
    return Shape.of(filters,
        WindowSizes.outputSize(input.dim(1), sides.top() + sides.bottom(), kernelHeight(), strideHeight(), dilationHeight()),
        WindowSizes.outputSize(input.dim(2), sides.left() + sides.right(), kernelWidth(), strideWidth(), dilationWidth()));
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.conv2d(this);
  }
}
