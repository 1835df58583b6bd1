package hypercolumn.processor.plan.pointwise;

/**
 * A float expression evaluated for one element {@code (row, column)} of a kernel. Emitters
 * render it with the fewest parentheses its {@link #precedence()} allows; Java and C agree on
 * the precedence of every operator used here.
 */
public sealed interface Expr {
  /** The element's value in a kernel buffer (its column's value for a per-column buffer). */
  record Load(String buffer) implements Expr {}

  record Constant(float value) implements Expr {}

  /** A float argument of the launch, such as a dropout rate. */
  record Scalar(String name) implements Expr {}

  /** A local declared by an earlier {@link Statement.Let}. */
  record Local(String name) implements Expr {}

  record Binary(Operator operator, Expr left, Expr right) implements Expr {}

  /** {@code left op right}, as a condition of {@link Select}. */
  record Compare(Comparison comparison, Expr left, Expr right) implements Expr {}

  record Select(Expr condition, Expr ifTrue, Expr ifFalse) implements Expr {}

  record Negate(Expr operand) implements Expr {}

  record Call(Function function, Expr argument) implements Expr {}

  /**
   * {@code Rng.uniform(rngKey, row * columns + column)}: a float in [0, 1) drawn from the
   * launch's key and the element's index, the same on every device.
   */
  record Uniform() implements Expr {}

  /** An integer {@link Condition} used as a boolean, the condition of a {@link Select} or an {@link Statement.If}. */
  record Test(Condition condition) implements Expr {}

  enum Operator {
    ADD("+", 3), SUBTRACT("-", 3), MULTIPLY("*", 4), DIVIDE("/", 4);

    public final String symbol;
    public final int precedence;

    Operator(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }
  }

  enum Comparison {
    GREATER(">"), GREATER_OR_EQUAL(">=");

    public final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }
  }

  /** Float functions: {@code e^x}, {@code e^x - 1}, {@code tanh x} and {@code sqrt x}. */
  enum Function { EXP, EXPM1, TANH, SQRT }

  int TEST = 0;
  int SELECT = 1;
  int COMPARE = 2;
  int UNARY = 5;
  int PRIMARY = 6;

  /** How tightly the expression binds: an operand of lower precedence needs parentheses. */
  default int precedence() {
    if (this instanceof Test) {
      return TEST;
    } else if (this instanceof Select) {
      return SELECT;
    } else if (this instanceof Compare) {
      return COMPARE;
    } else if (this instanceof Binary binary) {
      return binary.operator().precedence;
    } else if (this instanceof Negate) {
      return UNARY;
    }
    return PRIMARY;
  }

  static Expr constant(double value) {
    return new Constant((float) value);
  }

  static Expr add(Expr left, Expr right) {
    return new Binary(Operator.ADD, left, right);
  }

  static Expr subtract(Expr left, Expr right) {
    return new Binary(Operator.SUBTRACT, left, right);
  }

  static Expr multiply(Expr left, Expr right) {
    return new Binary(Operator.MULTIPLY, left, right);
  }

  static Expr divide(Expr left, Expr right) {
    return new Binary(Operator.DIVIDE, left, right);
  }

  static Expr select(Expr condition, Expr ifTrue, Expr ifFalse) {
    return new Select(condition, ifTrue, ifFalse);
  }

  static Expr greater(Expr left, Expr right) {
    return new Compare(Comparison.GREATER, left, right);
  }

  static Expr atLeast(Expr left, Expr right) {
    return new Compare(Comparison.GREATER_OR_EQUAL, left, right);
  }
}
