package hypercolumn.processor.plan.pointwise;

/**
 * A test on integers that guards a {@link View.Computed} read: a window cell that falls in
 * the padding, or between the cells a strided window touches, fails it and reads the view's
 * padding constant instead of memory.
 */
public sealed interface Condition {
  /** {@code 0 <= value < limit}. */
  record InRange(Index value, int limit) implements Condition {}

  /** {@code value % divisor == 0}; in Java and C a negative multiple passes too. */
  record Divisible(Index value, int divisor) implements Condition {}

  /** {@code left == right}, for example a stored argmax against a cell's index. */
  record Equal(Index left, Index right) implements Condition {}
}
