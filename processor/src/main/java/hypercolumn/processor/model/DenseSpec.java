package hypercolumn.processor.model;

import hypercolumn.Activation;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code @Dense} as written: {@code value} and {@code units} are both the width and each is
 * empty unless the user wrote it; so is {@code alpha}.
 */
public record DenseSpec(
    String name,
    Origin origin,
    OptionalInt value,
    OptionalInt units,
    Activation activation,
    OptionalDouble alpha,
    boolean bias)
    implements LayerSpec {

  /** The width, whichever of {@code value} and {@code units} was given, else 0. */
  public int width() {
    return units.orElse(value.orElse(0));
  }

  /** The activation's parameter with its default filled in: 0.01 for leaky ReLU, 1 for ELU. */
  public double effectiveAlpha() {
    return effectiveAlpha(activation, alpha);
  }

  /** An activation's parameter as written, else its default: 0.01 for leaky ReLU, 1 for ELU, else 0. */
  static double effectiveAlpha(Activation activation, OptionalDouble alpha) {
    if (alpha.isPresent()) {
      return alpha.getAsDouble();
    }
    return activation == Activation.LEAKY_RELU ? 0.01 : activation == Activation.ELU ? 1.0 : 0.0;
  }

  /** A valid dense layer, for tests and tools that build the model without javac. */
  public static DenseSpec of(String name, int units, Activation activation) {
    return new DenseSpec(
        name, Origin.NONE, OptionalInt.empty(), OptionalInt.of(units), activation, OptionalDouble.empty(), true);
  }

  @Override
  public String kind() {
    return "Dense";
  }

  @Override
  public Shape outputShape(Shape input) {
    return Shape.of(width());
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.dense(this);
  }
}
