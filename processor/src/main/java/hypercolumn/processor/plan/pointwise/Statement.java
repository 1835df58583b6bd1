package hypercolumn.processor.plan.pointwise;

/** One step of a kernel's work on an element. */
public sealed interface Statement {
  /** Declares a float local. */
  record Let(String local, Expr value) implements Statement {}

  /** Assigns a declared local. */
  record Assign(String local, Expr value) implements Statement {}

  /** Writes the element of a per-element buffer. */
  record Store(String buffer, Expr value) implements Statement {}
}
