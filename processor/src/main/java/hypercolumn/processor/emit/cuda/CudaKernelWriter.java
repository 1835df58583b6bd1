package hypercolumn.processor.emit.cuda;

import hypercolumn.processor.plan.pointwise.Expr;
import hypercolumn.processor.plan.pointwise.Index;
import hypercolumn.processor.plan.pointwise.IndexText;
import hypercolumn.processor.plan.pointwise.KernelBuffer;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.processor.plan.pointwise.Statement;
import hypercolumn.processor.plan.pointwise.View;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one kernel description as a {@code __global__} function. Each thread takes elements
 * {@code i} of the flat {@code rows * columns} block with a grid-stride loop, so any grid
 * covers any batch; the element's column is {@code i % columns} and its generator index is
 * {@code i}, exactly the Java loop's {@code row + c}. Indices are {@code long long}, 64 bits on
 * every platform CUDA supports. A kernel whose views or coordinates need them declares the row
 * {@code r} and the column {@code c} as the Java loop names them, so an {@link Index} reads the
 * same on both devices; a guarded read is a {@code ?:}, which touches no memory where the guard
 * fails. An index buffer is declared {@code int*}.
 */
final class CudaKernelWriter {
  private static final String INFINITY = "__int_as_float(0x7f800000)";
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
      String type = buffer.element() == KernelBuffer.Element.INDEX ? "int* " : "float* ";
      parameters.add((buffer.access().writes() ? type : "const " + type) + buffer.name());
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
    if (kernel.readsRow()) {
      out.line("int r = (int) (i / " + columns + ");");
    }
    if (kernel.readsColumn()) {
      out.line("int c = (int) (i % " + columns + ");");
    }
    for (String declaration : IndexText.declarations(kernel.coordinates())) {
      out.line(declaration + ";");
    }
    for (Statement statement : kernel.statements()) {
      write(statement, out);
    }
    out.close();
    out.close();
  }

  private void write(Statement statement, CWriter out) {
    if (statement instanceof Statement.Loop loop) {
      String counter = loop.counter();
      out.open("for (int " + counter + " = 0; " + counter + " < " + loop.count() + "; " + counter + "++)");
      loop.body().forEach(s -> write(s, out));
      out.close();
    } else if (statement instanceof Statement.If branch) {
      out.open("if (" + expr(branch.condition()) + ")");
      branch.body().forEach(s -> write(s, out));
      out.close();
    } else {
      out.line(statement(statement));
    }
  }

  private String statement(Statement statement) {
    if (statement instanceof Statement.Let let) {
      return "float " + let.local() + " = " + expr(let.value()) + ";";
    } else if (statement instanceof Statement.Assign assign) {
      return assign.local() + " = " + expr(assign.value()) + ";";
    } else if (statement instanceof Statement.LetIndex let) {
      return "int " + let.local() + " = " + index(let.value()) + ";";
    } else if (statement instanceof Statement.AssignIndex assign) {
      return assign.local() + " = " + index(assign.value()) + ";";
    } else if (statement instanceof Statement.StoreIndex store) {
      return element(store.buffer()) + " = " + index(store.value()) + ";";
    }
    Statement.Store store = (Statement.Store) statement;
    return element(store.buffer()) + " = " + expr(store.value()) + ";";
  }

  private String element(String bufferName) {
    return bufferName + "[" + index(kernel.buffer(bufferName).view()) + "]";
  }

  /** The element's value, or the view's padding where its guard fails. */
  private String read(String bufferName) {
    KernelBuffer buffer = kernel.buffer(bufferName);
    if (buffer.view() instanceof View.Computed computed && !computed.guard().isEmpty()) {
      String padding = buffer.element() == KernelBuffer.Element.INDEX
          ? Integer.toString((int) computed.padding()) : literal(computed.padding());
      return "(" + IndexText.of(computed.guard(), this::read) + " ? " + element(bufferName) + " : " + padding + ")";
    }
    return element(bufferName);
  }

  private String index(Index index) {
    return IndexText.of(index, this::read);
  }

  private String index(View view) {
    if (view instanceof View.Row) {
      return "i";
    } else if (view instanceof View.Column) {
      return "col";
    } else if (view instanceof View.Channel channel) {
      return "c / " + channel.cellsPerChannel() + " % " + channel.channels();
    } else if (view instanceof View.Strided strided) {
      return "r * " + strided.rowStride() + (strided.offset() == 0 ? "" : " + " + strided.offset()) + " + c";
    }
    return index(((View.Computed) view).index());
  }

  private String expr(Expr expr) {
    if (expr instanceof Expr.Load load) {
      return read(load.buffer());
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
    } else if (expr instanceof Expr.Test test) {
      return IndexText.of(test.condition(), this::read);
    }
    return CudaRng.UNIFORM_AT_ELEMENT;
  }

  private String operand(Expr expr, int precedence) {
    return expr.precedence() >= precedence ? expr(expr) : "(" + expr(expr) + ")";
  }

  /**
   * A float literal C reads as the same float: Java's shortest round-tripping decimal, which
   * always has a point or an exponent, so {@code f} makes it a float constant. An infinity (the
   * padding of a max pooling) is spelled with the intrinsic NVRTC has without a header.
   */
  static String literal(float value) {
    if (Float.isInfinite(value)) {
      return value > 0 ? INFINITY : "-" + INFINITY;
    } else if (Float.isNaN(value)) {
      throw new IllegalArgumentException("Expected a constant other than NaN, found " + value);
    }
    return Float.toString(value) + "f";
  }
}
