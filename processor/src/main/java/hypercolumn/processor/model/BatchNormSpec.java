package hypercolumn.processor.model;

/** {@code @BatchNorm} as written, with its defaults filled in (every value is valid to write). */
public record BatchNormSpec(String name, Origin origin, double momentum, double eps, boolean affine)
    implements LayerSpec {

  /** A batch norm with PyTorch's defaults, for tests and tools that build the model without javac. */
  public static BatchNormSpec of(String name) {
    return new BatchNormSpec(name, Origin.NONE, 0.1, 1e-5, true);
  }

  @Override
  public String kind() {
    return "BatchNorm";
  }

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.batchNorm(this);
  }
}
