package hypercolumn.processor.model;

import hypercolumn.Padding;
import java.util.List;

/**
 * A {@code @MaxPool2D} or {@code @AvgPool2D} layer as written; an empty stride means the
 * window's size, as in PyTorch.
 */
public record Pool2DSpec(
    String name,
    Origin origin,
    Mode mode,
    List<Integer> size,
    List<Integer> stride,
    Padding paddingRule,
    List<Integer> pad)
    implements LayerSpec {

  /** What a window reduces to. */
  public enum Mode {
    /** The largest value. */
    MAX,
    /** The mean over the whole window, padded cells counted as zeros. */
    AVERAGE
  }

  public Pool2DSpec {
    size = List.copyOf(size);
    stride = List.copyOf(stride);
    pad = List.copyOf(pad);
  }

  /** A square window whose stride is its size, unpadded. */
  public static Pool2DSpec of(String name, Mode mode, int size) {
    return new Pool2DSpec(name, Origin.NONE, mode, List.of(size), List.of(), Padding.VALID, List.of());
  }

  public int windowHeight() {
    return WindowSizes.pick(size, 0, 2);
  }

  public int windowWidth() {
    return WindowSizes.pick(size, 1, 2);
  }

  public int strideHeight() {
    return WindowSizes.pick(stride, 0, windowHeight());
  }

  public int strideWidth() {
    return WindowSizes.pick(stride, 1, windowWidth());
  }

  /** The padding of each side for this input: explicit, SAME or VALID. */
  public Sides padding(Shape input) {
    return WindowSizes.padding(pad, paddingRule, input, windowHeight(), windowWidth(),
        strideHeight(), strideWidth(), 1, 1);
  }

  @Override
  public String kind() {
    return mode == Mode.MAX ? "MaxPool2D" : "AvgPool2D";
  }

  /** {@code (C, OH, OW)}; a flat input (which the checks reject) is passed on unchanged. */
  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() != 3) {
      return input;
    }
    Sides sides = padding(input);
    return Shape.of(input.dim(0),
        WindowSizes.outputSize(input.dim(1), sides.top() + sides.bottom(), windowHeight(), strideHeight(), 1),
        WindowSizes.outputSize(input.dim(2), sides.left() + sides.right(), windowWidth(), strideWidth(), 1));
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.pool2d(this);
  }
}
