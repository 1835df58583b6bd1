package hypercolumn.processor.model;

/** {@code @Flatten}: (C, H, W) to (C * H * W). */
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
