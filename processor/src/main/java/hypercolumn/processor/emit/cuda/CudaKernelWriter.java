package hypercolumn.processor.emit.cuda;

import hypercolumn.processor.plan.pointwise.Expr;
import hypercolumn.processor.plan.pointwise.KernelBuffer;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.processor.plan.pointwise.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one kernel description as a {@code __global__} function. Each thread takes elements
 * {@code i} of the flat {@code rows * columns} block with a grid-stride loop, so any grid
 * covers any batch; the element's column is {@code i % columns} and its generator index is
 * {@code i}, exactly the Java loop's {@code row + c}. Indices are {@code long long}, 64 bits on
 * every platform CUDA supports.
 */
final class CudaKernelWriter {
  private final KernelPlan kernel;

  private CudaKernelWriter(KernelPlan kernel) {
    this.kernel = kernel;
  }

  static void write(KernelPlan kernel, CWriter out) {
    new CudaKernelWriter(kernel).writeTo(out);
  }

  /** The parameter list of the launch ABI documented on {@code FusedKernel}. */
  static String parameters(KernelPlan kernel) {
    List<String> parameters = new ArrayList<>();
    parameters.add("int rows");
    for (KernelBuffer buffer : kernel.buffers()) {
      parameters.add((buffer.access().writes() ? "float* " : "const float* ") + buffer.name());
    }
    for (String scalar : kernel.scalars()) {
      parameters.add("float " + scalar);
    }
    parameters.add("const unsigned long long* rngKeyAt");
    return String.join(", ", parameters);
  }

  private void writeTo(CWriter out) {
    int columns = kernel.columns();
    out.banner(kernel.name() + ", over (rows, " + columns + ")");
    out.line("// " + kernel.description());
    out.open("extern \"C\" __global__ void " + kernel.name() + "(" + parameters(kernel) + ")");
    out.line("long long n = (long long) rows * " + columns + ";");
    if (kernel.usesRng()) {
      out.line("unsigned long long rngKey = *rngKeyAt;");
    }
    out.open("for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n;"
        + " i += (long long) blockDim.x * gridDim.x)");
    if (kernel.readsPerColumn()) {
      out.line("int col = (int) (i % " + columns + ");");
    }
    for (Statement statement : kernel.statements()) {
      out.line(statement(statement));
    }
    out.close();
    out.close();
  }

  private String statement(Statement statement) {
    if (statement instanceof Statement.Let let) {
      return "float " + let.local() + " = " + expr(let.value()) + ";";
    } else if (statement instanceof Statement.Assign assign) {
      return assign.local() + " = " + expr(assign.value()) + ";";
    }
    Statement.Store store = (Statement.Store) statement;
    return element(store.buffer()) + " = " + expr(store.value()) + ";";
  }

  private String element(String bufferName) {
    KernelBuffer buffer = kernel.buffers().stream().filter(b -> b.name().equals(bufferName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Expected a buffer of " + kernel.name() + ", found " + bufferName));
    return bufferName + (buffer.perColumn() ? "[col]" : "[i]");
  }

  private String expr(Expr expr) {
    if (expr instanceof Expr.Load load) {
      return element(load.buffer());
    } else if (expr instanceof Expr.Constant constant) {
      return literal(constant.value());
    } else if (expr instanceof Expr.Scalar scalar) {
      return scalar.name();
    } else if (expr instanceof Expr.Local local) {
      return local.name();
    } else if (expr instanceof Expr.Binary binary) {
      int p = binary.operator().precedence;
      return operand(binary.left(), p) + " " + binary.operator().symbol + " " + operand(binary.right(), p + 1);
    } else if (expr instanceof Expr.Compare compare) {
      return operand(compare.left(), Expr.COMPARE + 1) + " " + compare.comparison().symbol + " "
          + operand(compare.right(), Expr.COMPARE + 1);
    } else if (expr instanceof Expr.Select select) {
      return operand(select.condition(), Expr.COMPARE) + " ? " + operand(select.ifTrue(), Expr.COMPARE) + " : "
          + operand(select.ifFalse(), Expr.COMPARE);
    } else if (expr instanceof Expr.Negate negate) {
      return "-" + operand(negate.operand(), Expr.PRIMARY);
    } else if (expr instanceof Expr.Call call) {
      String function = switch (call.function()) {
        case EXP -> "expf";
        case EXPM1 -> "expm1f";
        case TANH -> "tanhf";
        case SQRT -> "sqrtf";
      };
      return function + "(" + expr(call.argument()) + ")";
    }
    return CudaRng.UNIFORM_AT_ELEMENT;
  }

  private String operand(Expr expr, int precedence) {
    return expr.precedence() >= precedence ? expr(expr) : "(" + expr(expr) + ")";
  }

  /**
   * A float literal C reads as the same float: Java's shortest round-tripping decimal, which
   * always has a point or an exponent, so {@code f} makes it a float constant.
   */
  static String literal(float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("Expected a finite constant, found " + value);
    }
    return Float.toString(value) + "f";
  }
}
