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
import hypercolumn.processor.plan.Block;
import hypercolumn.processor.plan.DenseBlock;
import hypercolumn.processor.plan.DropoutBlock;
import hypercolumn.processor.plan.NetworkPlan;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Access;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Storage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fused kernels of a planned network. The math, per element of a {@code (B, n)} block:
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
 * @param forward each block's forward kernel, for the blocks that have one
 * @param backward each block's backward kernel, for the blocks that have one
 * @param all every kernel: the forward ones in block order, then the backward ones
 */
public record PointwiseKernels(Map<Block, KernelPlan> forward, Map<Block, KernelPlan> backward, List<KernelPlan> all) {
  private static final List<String> DROPOUT_SCALARS = List.of("rate", "scale");
  private static final Expr ZERO = constant(0);
  private static final Expr ONE = constant(1);

  public static PointwiseKernels of(NetworkPlan plan) {
    Map<Block, KernelPlan> forward = new IdentityHashMap<>();
    Map<Block, KernelPlan> backward = new IdentityHashMap<>();
    List<KernelPlan> all = new ArrayList<>();
    for (Block block : plan.blocks()) {
      KernelPlan kernel = forward(block);
      if (kernel != null) {
        forward.put(block, kernel);
        all.add(kernel);
      }
    }
    for (Block block : plan.blocks()) {
      KernelPlan kernel = backward(block);
      if (kernel != null) {
        backward.put(block, kernel);
        all.add(kernel);
      }
    }
    return new PointwiseKernels(
        Collections.unmodifiableMap(forward), Collections.unmodifiableMap(backward), List.copyOf(all));
  }

  /** The forward kernel of a block, or null if it needs none. */
  static KernelPlan forward(Block block) {
    if (block instanceof DenseBlock dense) {
      return dense.hasForwardKernel() ? denseForward(dense) : null;
    }
    DropoutBlock dropout = (DropoutBlock) block;
    String name = dropout.spec().name();
    return new KernelPlan(name, "forward", dropout.width(),
        List.of(arena("input", dropout.input().name(), Access.READ), arena("output", dropout.output().name(), Access.WRITE)),
        DROPOUT_SCALARS,
        List.of(new Statement.Store("output", dropoutOf(load("input"), new Expr.Scalar("rate"), new Expr.Scalar("scale")))),
        name + ": inverted dropout, rate " + dropout.spec().probability());
  }

  /** The backward kernel of a block, or null if it needs none. */
  static KernelPlan backward(Block block) {
    if (block instanceof DenseBlock dense) {
      return dense.hasBackwardKernel() && dense.outputGradient().isPresent() ? denseBackward(dense) : null;
    }
    DropoutBlock dropout = (DropoutBlock) block;
    if (dropout.outputGradient().isEmpty()) {
      return null;
    }
    double rate = dropout.spec().probability();
    String name = dropout.spec().name();
    return new KernelPlan(name, "backward", dropout.width(),
        List.of(arena("gradient", dropout.outputGradient().get().name(), Access.READ_WRITE)),
        List.of(),
        List.of(new Statement.Store("gradient", dropoutOf(load("gradient"), constant(rate), constant(scale(rate))))),
        name + ": gradient of the inverted dropout, in place");
  }

  private static KernelPlan denseForward(DenseBlock dense) {
    String name = dense.spec().name();
    List<KernelBuffer> buffers = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    buffers.add(arena("output", dense.output().name(), Access.READ_WRITE));
    Expr v = new Expr.Local("v");
    if (dense.bias().isPresent()) {
      buffers.add(new KernelBuffer("bias", Storage.PARAMETERS, dense.bias().get().name(), true, Access.READ));
      statements.add(new Statement.Let("v", add(load("output"), load("bias"))));
    } else {
      statements.add(new Statement.Let("v", load("output")));
    }
    if (dense.pointwiseActivation()) {
      statements.add(new Statement.Assign("v", activation(dense.activation(), dense.spec().effectiveAlpha(), v)));
    }
    statements.add(new Statement.Store("output", v));
    StringBuilder description = new StringBuilder(name + ": ");
    description.append(dense.bias().isPresent() ? "bias, " : "").append(lower(dense.activation()));
    List<String> scalars = List.of();
    if (dense.dropout().isPresent()) {
      buffers.add(arena("dropped", dense.dropout().get().output().name(), Access.WRITE));
      statements.add(new Statement.Store("dropped", dropoutOf(v, new Expr.Scalar("rate"), new Expr.Scalar("scale"))));
      scalars = DROPOUT_SCALARS;
      description.append(", then ").append(dense.dropout().get().spec().name()).append("'s inverted dropout");
    }
    return new KernelPlan(name, "forward", dense.out(), buffers, scalars, statements, description.toString());
  }

  private static KernelPlan denseBackward(DenseBlock dense) {
    String name = dense.spec().name();
    List<KernelBuffer> buffers = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    buffers.add(arena("gradient", dense.outputGradient().get().name(), Access.READ_WRITE));
    Expr g = new Expr.Local("g");
    statements.add(new Statement.Let("g", load("gradient")));
    StringBuilder description = new StringBuilder(name + ": gradient of ");
    if (dense.dropout().isPresent()) {
      double rate = dense.dropout().get().spec().probability();
      statements.add(new Statement.Assign("g", dropoutOf(g, constant(rate), constant(scale(rate)))));
      description.append(dense.dropout().get().spec().name()).append("'s dropout, then of ");
    }
    if (dense.pointwiseActivation() && dense.activation() != Activation.HEAVISIDE) {
      buffers.add(arena("output", dense.output().name(), Access.READ));
      statements.add(new Statement.Let("y", load("output")));
      statements.add(new Statement.Assign("g",
          derivative(dense.activation(), dense.spec().effectiveAlpha(), g, new Expr.Local("y"))));
    }
    description.append(lower(dense.activation())).append(", in place");
    statements.add(new Statement.Store("gradient", g));
    return new KernelPlan(name, "backward", dense.out(), buffers, List.of(), statements, description.toString());
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
