package hypercolumn.runtime.train;

/** Checks and prints the optimizers' hyperparameters. */
final class Hyperparameters {
  private Hyperparameters() {}

  static float learningRate(float lr) {
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be a finite number > 0, found " + lr);
    }
    return lr;
  }

  static float inUnitInterval(String name, float value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), found " + value);
    }
    return value;
  }

  static float positive(String name, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, found " + value);
    }
    return value;
  }

  static void checkCount(int parameterCount) {
    if (parameterCount < 0) {
      throw new IllegalArgumentException("parameter count must be >= 0, found " + parameterCount);
    }
  }

  /** A float as Python prints it (shortest digits; {@code 1e-08} below 1e-4), as in PyTorch. */
  static String format(float value) {
    java.math.BigDecimal exact = new java.math.BigDecimal(Float.toString(value)).stripTrailingZeros();
    // Decide on the shortest decimal, not the float: 1e-4f lies just below 1e-4.
    double magnitude = Math.abs(exact.doubleValue());
    if (value == 0 || (magnitude >= 1e-4 && magnitude < 1e16)) {
      String plain = exact.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    int exponent = exact.precision() - exact.scale() - 1;
    String digits = exact.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
  }
}
