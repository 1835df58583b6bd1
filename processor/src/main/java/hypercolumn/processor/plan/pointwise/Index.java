package hypercolumn.processor.plan.pointwise;

/**
 * An integer expression of an element's coordinates: where a {@link View.Computed} view reads,
 * the value an index buffer stores, or a loop's window cell. Java and C spell every operator
 * here the same way and truncate {@code /} and {@code %} toward zero alike, so one rendering
 * ({@link IndexText}) serves both emitters.
 */
public sealed interface Index {
  /**
   * A named integer: a coordinate of the element ({@link KernelPlan#coordinates()}), the
   * counter of an enclosing {@link Statement.Loop}, or a local of a {@link Statement.LetIndex}.
   */
  record Variable(String name) implements Index {}

  /** The element's row, the sample in a launch over {@code (batch, columns)}. */
  record Row() implements Index {}

  record Constant(int value) implements Index {}

  record Binary(Operator operator, Index left, Index right) implements Index {}

  /** The integer an index buffer holds for this element, read through the buffer's view. */
  record Load(String buffer) implements Index {}

  enum Operator {
    ADD("+", 3), SUBTRACT("-", 3), MULTIPLY("*", 4), DIVIDE("/", 4), REMAINDER("%", 4);

    public final String symbol;
    public final int precedence;

    Operator(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }
  }

  int PRIMARY = 6;

  default int precedence() {
    return this instanceof Binary binary ? binary.operator().precedence : PRIMARY;
  }

  static Index variable(String name) {
    return new Variable(name);
  }

  static Index constant(int value) {
    return new Constant(value);
  }

  static Index add(Index left, Index right) {
    return new Binary(Operator.ADD, left, right);
  }

  static Index subtract(Index left, Index right) {
    return new Binary(Operator.SUBTRACT, left, right);
  }

  static Index multiply(Index left, Index right) {
    return new Binary(Operator.MULTIPLY, left, right);
  }

  static Index divide(Index left, Index right) {
    return new Binary(Operator.DIVIDE, left, right);
  }

  /** {@code left + right}, or {@code left - |right|} for a negative one, leaving out a zero. */
  static Index plus(Index left, int right) {
    if (right == 0) {
      return left;
    }
    return right > 0 ? add(left, constant(right)) : subtract(left, constant(-right));
  }

  /** {@code left * right}, leaving out a factor of one. */
  static Index times(Index left, int right) {
    return right == 1 ? left : multiply(left, constant(right));
  }

  /**
   * The row-major flat index of {@code coordinates} in a block of {@code sizes}, written {@code
   * n * (C*H*W) + ch * (H*W) + h * W + w} for an NCHW tensor, the products folded into constants
   * and the sum left to right so that it renders without parentheses. The first size sets no
   * stride, so it may be anything (the batch is not known when the kernel is generated).
   */
  static Index flat(int[] sizes, Index... coordinates) {
    if (sizes.length != coordinates.length || sizes.length == 0) {
      throw new IllegalArgumentException("Expected one size per coordinate, found " + sizes.length
          + " sizes for " + coordinates.length + " coordinates");
    }
    int[] strides = new int[sizes.length];
    strides[sizes.length - 1] = 1;
    for (int k = sizes.length - 2; k >= 0; k--) {
      strides[k] = strides[k + 1] * sizes[k + 1];
    }
    Index sum = times(coordinates[0], strides[0]);
    for (int k = 1; k < sizes.length; k++) {
      sum = add(sum, times(coordinates[k], strides[k]));
    }
    return sum;
  }
}
