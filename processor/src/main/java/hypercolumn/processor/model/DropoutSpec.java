package hypercolumn.processor.model;

import java.util.OptionalDouble;

/** {@code @Dropout} as written; {@code value} and {@code rate} are empty unless written. */
public record DropoutSpec(String name, Origin origin, OptionalDouble value, OptionalDouble rate)
    implements LayerSpec {

  /** The rate, whichever of {@code value} and {@code rate} was given, else NaN. */
  public double probability() {
    return rate.orElse(value.orElse(Double.NaN));
  }

  /** A valid dropout layer, for tests and tools that build the model without javac. */
  public static DropoutSpec of(String name, double rate) {
    return new DropoutSpec(name, Origin.NONE, OptionalDouble.empty(), OptionalDouble.of(rate));
  }

  @Override
  public String kind() {
    return "Dropout";
  }

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.dropout(this);
  }
}
