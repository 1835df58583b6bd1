package hypercolumn.processor.emit.java;

import com.palantir.javapoet.CodeBlock;
import hypercolumn.processor.plan.pointwise.Expr;
import hypercolumn.processor.plan.pointwise.IndexText;
import hypercolumn.processor.plan.pointwise.KernelBuffer;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.processor.plan.pointwise.Statement;

/**
 * Renders a kernel's description as the body of {@code runOnHost}: scalars read once, then a
 * loop over rows {@code r} and a loop over the columns {@code c}, a constant, around the
 * element's statements. Inside, {@code row} is the first element of the row, so the element is
 * {@code row + c} and its generator index {@code (long) row + c}, as on the GPU. A kernel with
 * coordinates declares them from {@code c} first; each buffer is indexed through its view
 * ({@link JavaViews}).
 */
final class JavaKernelBody {
  private final KernelPlan kernel;
  private final JavaViews views;

  private JavaKernelBody(KernelPlan kernel) {
    this.kernel = kernel;
    this.views = new JavaViews(kernel);
  }

  static CodeBlock of(KernelPlan kernel) {
    return new JavaKernelBody(kernel).body();
  }

  private CodeBlock body() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (int i = 0; i < kernel.scalars().size(); i++) {
      code.addStatement("float $L = scalars[$L]", kernel.scalars().get(i), i);
    }
    code.beginControlFlow("for (int r = fromRow; r < toRow; r++)")
        .addStatement("int row = r * $L", kernel.columns())
        .beginControlFlow("for (int c = 0; c < $L; c++)", kernel.columns());
    for (String declaration : IndexText.declarations(kernel.coordinates())) {
      code.addStatement(declaration);
    }
    for (Statement statement : kernel.statements()) {
      add(code, statement);
    }
    return code.endControlFlow().endControlFlow().build();
  }

  private void add(CodeBlock.Builder code, Statement statement) {
    if (statement instanceof Statement.Loop loop) {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", loop.counter(), loop.counter(), loop.count(), loop.counter());
      loop.body().forEach(s -> add(code, s));
      code.endControlFlow();
    } else if (statement instanceof Statement.If branch) {
      code.beginControlFlow("if ($L)", expr(branch.condition()));
      branch.body().forEach(s -> add(code, s));
      code.endControlFlow();
    } else {
      code.addStatement(statement(statement));
    }
  }

  private CodeBlock statement(Statement statement) {
    if (statement instanceof Statement.Let let) {
      return CodeBlock.of("float $L = $L", let.local(), expr(let.value()));
    } else if (statement instanceof Statement.Assign assign) {
      return CodeBlock.of("$L = $L", assign.local(), expr(assign.value()));
    } else if (statement instanceof Statement.LetIndex let) {
      return CodeBlock.of("int $L = $L", let.local(), views.index(let.value()));
    } else if (statement instanceof Statement.AssignIndex assign) {
      return CodeBlock.of("$L = $L", assign.local(), views.index(assign.value()));
    } else if (statement instanceof Statement.StoreIndex store) {
      return CodeBlock.of("$L = Float.intBitsToFloat($L)", views.element(store.buffer()), views.index(store.value()));
    }
    Statement.Store store = (Statement.Store) statement;
    return CodeBlock.of("$L = $L", views.element(store.buffer()), expr(store.value()));
  }

  private CodeBlock expr(Expr expr) {
    if (expr instanceof Expr.Load load) {
      return CodeBlock.of("$L", views.read(load.buffer()));
    } else if (expr instanceof Expr.Constant constant) {
      return CodeBlock.of("$L", constant(constant.value()));
    } else if (expr instanceof Expr.Scalar scalar) {
      return CodeBlock.of("$L", scalar.name());
    } else if (expr instanceof Expr.Local local) {
      return CodeBlock.of("$L", local.name());
    } else if (expr instanceof Expr.Binary binary) {
      int p = binary.operator().precedence;
      return CodeBlock.of("$L $L $L", operand(binary.left(), p), binary.operator().symbol, operand(binary.right(), p + 1));
    } else if (expr instanceof Expr.Compare compare) {
      return CodeBlock.of("$L $L $L", operand(compare.left(), Expr.COMPARE + 1), compare.comparison().symbol,
          operand(compare.right(), Expr.COMPARE + 1));
    } else if (expr instanceof Expr.Select select) {
      // FusedKernel.select, not ?:, which C2 compiles to a branch that data mispredicts.
      return CodeBlock.of("select($L, $L, $L)", expr(select.condition()), expr(select.ifTrue()),
          expr(select.ifFalse()));
    } else if (expr instanceof Expr.Negate negate) {
      return CodeBlock.of("-$L", operand(negate.operand(), Expr.PRIMARY));
    } else if (expr instanceof Expr.Call call) {
      String method = switch (call.function()) {
        case EXP -> "exp";
        case EXPM1 -> "expm1";
        case TANH -> "tanh";
        case SQRT -> "sqrt";
      };
      return CodeBlock.of("(float) Math.$L($L)", method, expr(call.argument()));
    } else if (expr instanceof Expr.Test test) {
      return CodeBlock.of("$L", IndexText.of(test.condition(), views::indexElement));
    }
    return CodeBlock.of("$T.uniform(rngKey, (long) row + c)", RuntimeTypes.RNG);
  }

  /** The expression, in parentheses unless it binds at least as tightly as {@code precedence}. */
  private CodeBlock operand(Expr expr, int precedence) {
    // A cast binds like a unary operator, looser than the primary a Negate needs.
    int own = expr instanceof Expr.Call ? Expr.UNARY : expr.precedence();
    return own >= precedence ? expr(expr) : CodeBlock.of("($L)", expr(expr));
  }

  /** A float literal as the hand-written kernels spelled it: {@code 0f}, {@code 1f}, {@code 0.5f}. */
  static String constant(float value) {
    if (value == 0f || value == 1f) {
      return (int) value + "f";
    } else if (Float.isInfinite(value)) {
      return value > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
    }
    return Float.toString(value) + "f";
  }

  /** A float literal of a double such as a dropout rate: {@code 0.5f}. */
  static String literal(double value) {
    return Float.toString((float) value) + "f";
  }
}
