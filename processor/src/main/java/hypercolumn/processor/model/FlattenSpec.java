package hypercolumn.processor.model;

/** A {@code @Flatten} layer: {@code (C, H, W)} to {@code (C * H * W)}, in PyTorch's order. */
public record FlattenSpec(String name, Origin origin) implements LayerSpec {

  @Override
  public String kind() {
    return "Flatten";
  }

  @Override
  public Shape outputShape(Shape input) {
    return Shape.of(input.size());
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.flatten(this);
  }
}
