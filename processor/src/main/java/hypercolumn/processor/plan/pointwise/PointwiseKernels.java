package hypercolumn.processor.plan.pointwise;

import static hypercolumn.processor.plan.pointwise.Expr.add;
import static hypercolumn.processor.plan.pointwise.Expr.atLeast;
import static hypercolumn.processor.plan.pointwise.Expr.constant;
import static hypercolumn.processor.plan.pointwise.Expr.divide;
import static hypercolumn.processor.plan.pointwise.Expr.greater;
import static hypercolumn.processor.plan.pointwise.Expr.multiply;
import static hypercolumn.processor.plan.pointwise.Expr.select;
import static hypercolumn.processor.plan.pointwise.Expr.subtract;

import hypercolumn.Activation;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Access;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fused kernels of the layer kinds. The math, per element of a {@code (B, n)} block:
 *
 * <pre>
 * dense forward:   v = z + b;  y = act(v);  [d = keep ? y * scale : 0]
 * dense backward:  g = dOut;  [g = keep ? g * scale : 0];  dZ = g * act'(y)
 * dropout:         out = keep ? in * scale : 0;   dIn = keep ? dOut * scale : 0
 * </pre>
 *
 * where {@code keep = uniform(key, row * n + column) >= rate} and {@code scale = 1 / (1 - rate)}
 * (inverted dropout). Forward takes rate and scale as scalars, so evaluation can launch the same
 * kernel with rate 0 and scale 1. The mask is not stored: backward draws it again from the key
 * the forward used, with rate and scale constants. The derivatives are written in terms of the
 * stored output {@code y}: relu {@code y > 0}, leaky relu {@code y > 0 ? 1 : alpha}, elu {@code
 * y > 0 ? 1 : y + alpha} (because {@code y = alpha (e^x - 1)} there), sigmoid {@code y (1 - y)},
 * tanh {@code 1 - y^2}. Heaviside passes the gradient straight through, which with the
 * perceptron criterion is the perceptron rule; softmax is a row operation, done by the device
 * outside the kernel.
 *
 * <p>The layer kinds' lowerings call these builders; each returns one kernel's description.
 */
public final class PointwiseKernels {
  private static final List<String> DROPOUT_SCALARS = List.of("rate", "scale");
  private static final Expr ZERO = constant(0);
  private static final Expr ONE = constant(1);

  private PointwiseKernels() {}

  /** A dropout fused after a layer's activation, writing its own buffer. */
  public record FusedDropout(String layer, double rate, String output) {}

  /** A dropout on its own: {@code output = keep ? input * scale : 0}, rate and scale as scalars. */
  public static KernelPlan dropoutForward(String name, int columns, String input, String output, double rate) {
    return new KernelPlan(name, "forward", columns,
        List.of(arena("input", input, Access.READ), arena("output", output, Access.WRITE)),
        DROPOUT_SCALARS,
        List.of(new Statement.Store("output", dropoutOf(load("input"), new Expr.Scalar("rate"), new Expr.Scalar("scale")))),
        name + ": inverted dropout, rate " + rate);
  }

  /** A dropout's backward, in place on the gradient, with the mask drawn again from the key. */
  public static KernelPlan dropoutBackward(String name, int columns, String gradient, double rate) {
    return new KernelPlan(name, "backward", columns,
        List.of(arena("gradient", gradient, Access.READ_WRITE)),
        List.of(),
        List.of(new Statement.Store("gradient", dropoutOf(load("gradient"), constant(rate), constant(scale(rate))))),
        name + ": gradient of the inverted dropout, in place");
  }

  /**
   * A dense layer's kernel after its product, in place on the product: the bias, then the
   * activation if it is pointwise, then the fused dropout if there is one.
   *
   * @param bias the bias parameter's name, if the layer has one
   */
  public static KernelPlan denseForward(String name, int columns, String output, Optional<String> bias,
      Activation activation, double alpha, Optional<FusedDropout> dropout) {
    List<KernelBuffer> buffers = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    buffers.add(arena("output", output, Access.READ_WRITE));
    Expr v = new Expr.Local("v");
    if (bias.isPresent()) {
      buffers.add(new KernelBuffer("bias", Storage.PARAMETERS, bias.get(), true, Access.READ));
      statements.add(new Statement.Let("v", add(load("output"), load("bias"))));
    } else {
      statements.add(new Statement.Let("v", load("output")));
    }
    if (isPointwise(activation)) {
      statements.add(new Statement.Assign("v", activation(activation, alpha, v)));
    }
    statements.add(new Statement.Store("output", v));
    StringBuilder description = new StringBuilder(name + ": ");
    description.append(bias.isPresent() ? "bias, " : "").append(lower(activation));
    List<String> scalars = List.of();
    if (dropout.isPresent()) {
      buffers.add(arena("dropped", dropout.get().output(), Access.WRITE));
      statements.add(new Statement.Store("dropped", dropoutOf(v, new Expr.Scalar("rate"), new Expr.Scalar("scale"))));
      scalars = DROPOUT_SCALARS;
      description.append(", then ").append(dropout.get().layer()).append("'s inverted dropout");
    }
    return new KernelPlan(name, "forward", columns, buffers, scalars, statements, description.toString());
  }

  /**
   * A dense layer's backward kernel before its products, in place on the gradient: the fused
   * dropout's mask, then the activation's derivative at the stored output if it has one.
   */
  public static KernelPlan denseBackward(String name, int columns, String gradient, String output,
      Activation activation, double alpha, Optional<FusedDropout> dropout) {
    List<KernelBuffer> buffers = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    buffers.add(arena("gradient", gradient, Access.READ_WRITE));
    Expr g = new Expr.Local("g");
    statements.add(new Statement.Let("g", load("gradient")));
    StringBuilder description = new StringBuilder(name + ": gradient of ");
    if (dropout.isPresent()) {
      double rate = dropout.get().rate();
      statements.add(new Statement.Assign("g", dropoutOf(g, constant(rate), constant(scale(rate)))));
      description.append(dropout.get().layer()).append("'s dropout, then of ");
    }
    if (hasDerivative(activation)) {
      buffers.add(arena("output", output, Access.READ));
      statements.add(new Statement.Let("y", load("output")));
      statements.add(new Statement.Assign("g", derivative(activation, alpha, g, new Expr.Local("y"))));
    }
    description.append(lower(activation)).append(", in place");
    statements.add(new Statement.Store("gradient", g));
    return new KernelPlan(name, "backward", columns, buffers, List.of(), statements, description.toString());
  }

  /** Whether the activation is computed element by element (softmax is a row operation, identity none). */
  public static boolean isPointwise(Activation activation) {
    return activation != Activation.IDENTITY && activation != Activation.SOFTMAX;
  }

  /**
   * Whether backward multiplies by a pointwise derivative: not for identity, not for softmax (a
   * row operation), not for Heaviside, whose gradient the perceptron rule passes straight through.
   */
  public static boolean hasDerivative(Activation activation) {
    return isPointwise(activation) && activation != Activation.HEAVISIDE;
  }

  /** {@code uniform >= rate ? x * scale : 0}. */
  private static Expr dropoutOf(Expr x, Expr rate, Expr scale) {
    return select(atLeast(new Expr.Uniform(), rate), multiply(x, scale), ZERO);
  }

  /** The activation of {@code v}. */
  static Expr activation(Activation activation, double alpha, Expr v) {
    return switch (activation) {
      case HEAVISIDE -> select(atLeast(v, ZERO), ONE, ZERO);
      case SIGMOID -> divide(ONE, add(ONE, new Expr.Call(Expr.Function.EXP, new Expr.Negate(v))));
      case TANH -> new Expr.Call(Expr.Function.TANH, v);
      case RELU -> select(greater(v, ZERO), v, ZERO);
      case LEAKY_RELU -> select(greater(v, ZERO), v, multiply(constant(alpha), v));
      case ELU -> select(greater(v, ZERO), v, multiply(constant(alpha), new Expr.Call(Expr.Function.EXPM1, v)));
      case IDENTITY, SOFTMAX -> throw new IllegalArgumentException("Expected a pointwise activation, found " + activation);
    };
  }

  /** The gradient {@code g} times the activation's derivative at output {@code y}. */
  static Expr derivative(Activation activation, double alpha, Expr g, Expr y) {
    return switch (activation) {
      case SIGMOID -> multiply(g, multiply(y, subtract(ONE, y)));
      case TANH -> multiply(g, subtract(ONE, multiply(y, y)));
      case RELU -> select(greater(y, ZERO), g, ZERO);
      case LEAKY_RELU -> select(greater(y, ZERO), g, multiply(constant(alpha), g));
      case ELU -> select(greater(y, ZERO), g, multiply(g, add(y, constant(alpha))));
      case IDENTITY, SOFTMAX, HEAVISIDE ->
          throw new IllegalArgumentException("Expected a differentiable pointwise activation, found " + activation);
    };
  }

  /**
   * The inverted dropout's scale {@code 1 / (1 - rate)}, as the kernels use it: rounded as
   * PyTorch rounds it, {@code 1 - rate} to float32 and then the float32 quotient, so every kept
   * value is bit for bit PyTorch's (a quotient rounded once differs in the last bit at rates such
   * as 0.15 and 0.45).
   */
  public static float scale(double rate) {
    return 1f / (float) (1.0 - rate);
  }

  public static String lower(Activation activation) {
    return activation.name().toLowerCase(Locale.ROOT);
  }

  private static KernelBuffer arena(String name, String region, Access access) {
    return new KernelBuffer(name, Storage.ARENA, region, false, access);
  }

  private static Expr load(String buffer) {
    return new Expr.Load(buffer);
  }
}
