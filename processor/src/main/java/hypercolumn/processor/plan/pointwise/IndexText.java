package hypercolumn.processor.plan.pointwise;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Integer expressions and conditions as source text, the same in Java and in C: both spell
 * these operators alike, give them the same precedence and truncate division toward zero.
 * Only a read of an index buffer differs between the devices, so the emitter passes it in.
 */
public final class IndexText {
  private IndexText() {}

  /**
   * The index as an {@code int} expression. The row is {@code r} and the column {@code c} in
   * both emitters.
   *
   * @param load the text of an index buffer's element at this element
   */
  public static String of(Index index, Function<String, String> load) {
    if (index instanceof Index.Variable variable) {
      return variable.name();
    } else if (index instanceof Index.Row) {
      return "r";
    } else if (index instanceof Index.Constant constant) {
      return Integer.toString(constant.value());
    } else if (index instanceof Index.Load read) {
      return load.apply(read.buffer());
    }
    Index.Binary binary = (Index.Binary) index;
    int p = binary.operator().precedence;
    return operand(binary.left(), p, load) + " " + binary.operator().symbol + " " + operand(binary.right(), p + 1, load);
  }

  /** The conditions joined by {@code &&}; comparisons bind looser than arithmetic, so no operand needs parentheses. */
  public static String of(List<Condition> conditions, Function<String, String> load) {
    return conditions.stream().map(c -> of(c, load)).collect(Collectors.joining(" && "));
  }

  public static String of(Condition condition, Function<String, String> load) {
    if (condition instanceof Condition.InRange range) {
      String value = of(range.value(), load);
      return value + " >= 0 && " + value + " < " + range.limit();
    } else if (condition instanceof Condition.Divisible divisible) {
      return operand(divisible.value(), Index.Operator.REMAINDER.precedence, load) + " % " + divisible.divisor() + " == 0";
    }
    Condition.Equal equal = (Condition.Equal) condition;
    return of(equal.left(), load) + " == " + of(equal.right(), load);
  }

  /**
   * The declarations of {@code coordinates} from the column {@code c}, row-major: the last is
   * {@code c % size}, each earlier one {@code c / (sizes after it) % size}, the first without
   * the remainder.
   */
  public static List<String> declarations(List<KernelPlan.Coordinate> coordinates) {
    String[] lines = new String[coordinates.size()];
    int stride = 1;
    for (int k = coordinates.size() - 1; k >= 0; k--) {
      KernelPlan.Coordinate coordinate = coordinates.get(k);
      String quotient = stride == 1 ? "c" : "c / " + stride;
      lines[k] = "int " + coordinate.name() + " = " + (k == 0 ? quotient : quotient + " % " + coordinate.size());
      stride *= coordinate.size();
    }
    return List.of(lines);
  }

  private static String operand(Index index, int precedence, Function<String, String> load) {
    return index.precedence() >= precedence ? of(index, load) : "(" + of(index, load) + ")";
  }
}
