package hypercolumn.processor.model;

/** A {@code @GlobalAvgPool2D} layer: each channel's mean, {@code (C, H, W)} to {@code (C)}. */
public record GlobalAvgPool2DSpec(String name, Origin origin) implements LayerSpec {

  @Override
  public String kind() {
    return "GlobalAvgPool2D";
  }

  /** {@code (C)}; a flat input (which the checks reject) is passed on unchanged. */
  @Override
  public Shape outputShape(Shape input) {
    return input.rank() == 3 ? Shape.of(input.dim(0)) : input;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.globalAvgPool2d(this);
  }
}
