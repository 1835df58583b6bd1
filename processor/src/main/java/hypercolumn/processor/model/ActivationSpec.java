package hypercolumn.processor.model;

import hypercolumn.Activation;
import java.util.OptionalDouble;

/** {@code @ActivationLayer} as written; {@code alpha} is empty unless written. */
public record ActivationSpec(String name, Origin origin, Activation activation, OptionalDouble alpha)
    implements LayerSpec {

  /** A valid activation layer, for tests and tools that build the model without javac. */
  public static ActivationSpec of(String name, Activation activation) {
    return new ActivationSpec(name, Origin.NONE, activation, OptionalDouble.empty());
  }

  /** The activation's parameter with its default filled in, as {@link DenseSpec#effectiveAlpha()}. */
  public double effectiveAlpha() {
    return DenseSpec.effectiveAlpha(activation, alpha);
  }

  @Override
  public String kind() {
    return "Activation";
  }

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.activation(this);
  }
}
