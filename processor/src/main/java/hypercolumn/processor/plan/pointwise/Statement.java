package hypercolumn.processor.plan.pointwise;

import java.util.List;

/** One step of a kernel's work on an element. */
public sealed interface Statement {
  /** Declares a float local. */
  record Let(String local, Expr value) implements Statement {}

  /** Assigns a declared local. */
  record Assign(String local, Expr value) implements Statement {}

  /** Writes the element of a per-element buffer. */
  record Store(String buffer, Expr value) implements Statement {}

  /** Declares an {@code int} local, such as the running argmax of a pooling window. */
  record LetIndex(String local, Index value) implements Statement {}

  /** Assigns a declared {@code int} local. */
  record AssignIndex(String local, Index value) implements Statement {}

  /** Writes the element of an index buffer. */
  record StoreIndex(String buffer, Index value) implements Statement {}

  /**
   * Runs {@code body} for {@code counter} from 0 to {@code count - 1}, a bound fixed when the
   * kernel is generated: the cells of a pooling window, or the window positions that read an
   * input cell in a gather. The counter is an {@link Index.Variable} inside the body.
   */
  record Loop(String counter, int count, List<Statement> body) implements Statement {
    public Loop {
      body = List.copyOf(body);
    }
  }

  /** Runs {@code body} where {@code condition} holds, such as a window cell above the maximum so far. */
  record If(Expr condition, List<Statement> body) implements Statement {
    public If {
      body = List.copyOf(body);
    }
  }
}
