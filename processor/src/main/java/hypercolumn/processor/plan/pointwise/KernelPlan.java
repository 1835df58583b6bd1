package hypercolumn.processor.plan.pointwise;

import java.util.List;

/**
 * One fused pointwise kernel: the statements run for every element of a {@code (rows,
 * columns)} block, in order, element by element.
 *
 * @param layer the layer the kernel belongs to
 * @param pass {@code forward} or {@code backward}
 * @param buffers in launch order
 * @param scalars names of the float arguments, in launch order
 * @param description one line for a comment, for example {@code hidden: bias, relu}
 */
public record KernelPlan(
    String layer,
    String pass,
    int columns,
    List<KernelBuffer> buffers,
    List<String> scalars,
    List<Statement> statements,
    String description) {

  public KernelPlan {
    buffers = List.copyOf(buffers);
    scalars = List.copyOf(scalars);
    statements = List.copyOf(statements);
  }

  /** The kernel's name on every device, for example {@code hidden1_forward_kernel}. */
  public String name() {
    return layer + "_" + pass + "_kernel";
  }

  /** Whether a statement draws from the generator, so the launch key matters. */
  public boolean usesRng() {
    return statements.stream().anyMatch(s -> uses(value(s), Expr.Uniform.class));
  }

  /** Whether a statement reads a per-column buffer, so the element's column is needed. */
  public boolean readsPerColumn() {
    return buffers.stream().anyMatch(KernelBuffer::perColumn);
  }

  private static Expr value(Statement statement) {
    if (statement instanceof Statement.Let let) {
      return let.value();
    } else if (statement instanceof Statement.Assign assign) {
      return assign.value();
    }
    return ((Statement.Store) statement).value();
  }

  private static boolean uses(Expr expr, Class<? extends Expr> kind) {
    if (kind.isInstance(expr)) {
      return true;
    } else if (expr instanceof Expr.Binary b) {
      return uses(b.left(), kind) || uses(b.right(), kind);
    } else if (expr instanceof Expr.Compare c) {
      return uses(c.left(), kind) || uses(c.right(), kind);
    } else if (expr instanceof Expr.Select s) {
      return uses(s.condition(), kind) || uses(s.ifTrue(), kind) || uses(s.ifFalse(), kind);
    } else if (expr instanceof Expr.Negate n) {
      return uses(n.operand(), kind);
    } else if (expr instanceof Expr.Call c) {
      return uses(c.argument(), kind);
    }
    return false;
  }
}
