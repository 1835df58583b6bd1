package hypercolumn.processor.model;

import hypercolumn.Padding;
import java.util.List;

/** {@code @MaxPool2D} or {@code @AvgPool2D} as written; the accessors resolve its sizes. */
public record Pool2DSpec(
    String name, Origin origin, Mode mode, List<Integer> size, List<Integer> stride, Padding paddingMode,
    List<Integer> pad)
    implements LayerSpec {

  /** What a window reduces to. */
  public enum Mode { MAX, AVERAGE }

  public Pool2DSpec {
    size = List.copyOf(size);
    stride = List.copyOf(stride);
    pad = List.copyOf(pad);
  }

  @Override
  public String kind() {
    return mode == Mode.MAX ? "MaxPool2D" : "AvgPool2D";
  }

  public int windowHeight() {
    return Sides.first(size, 2);
  }

  public int windowWidth() {
    return Sides.second(size, 2);
  }

  /** The stride down the rows, the window's height unless written. */
  public int strideHeight() {
    return Sides.first(stride, windowHeight());
  }

  public int strideWidth() {
    return Sides.second(stride, windowWidth());
  }

  public Sides padding(Shape input) {
    if (input.rank() != 3) {
      return Sides.NONE;
    }
    return Sides.resolve(pad, paddingMode == Padding.SAME, input.dim(1), input.dim(2), windowHeight(), windowWidth(),
        strideHeight(), strideWidth(), 1, 1);
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() != 3) {
      return input;
    }
    Sides p = padding(input);
    return Shape.of(input.dim(0),
        Sides.outSize(input.dim(1), p.top(), p.bottom(), windowHeight(), strideHeight(), 1),
        Sides.outSize(input.dim(2), p.left(), p.right(), windowWidth(), strideWidth(), 1));
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.pool2d(this);
  }
}
