package hypercolumn.processor.model;

/** {@code @GlobalAvgPool2D}: (C, H, W) to (C). */
public record GlobalAvgPool2DSpec(String name, Origin origin) implements LayerSpec {
  @Override
  public String kind() {
    return "GlobalAvgPool2D";
  }

  @Override
  public Shape outputShape(Shape input) {
    return input.rank() == 3 ? Shape.of(input.dim(0)) : input;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.globalAvgPool2d(this);
  }
}
