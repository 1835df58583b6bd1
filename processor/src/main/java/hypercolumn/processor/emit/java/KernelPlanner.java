package hypercolumn.processor.emit.java;

import com.palantir.javapoet.CodeBlock;
import hypercolumn.Activation;
import hypercolumn.processor.plan.Block;
import hypercolumn.processor.plan.DenseBlock;
import hypercolumn.processor.plan.DropoutBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the fused kernels of each block. The math, per element of a {@code (B, n)} block:
 *
 * <pre>
 * dense forward:   v = z + b;  y = act(v);  [d = keep ? y * scale : 0]
 * dense backward:  g = dOut;  [g = keep ? g * scale : 0];  dZ = g * act'(y)
 * dropout:         out = keep ? in * scale : 0;   dIn = keep ? dOut * scale : 0
 * </pre>
 *
 * where {@code keep = Rng.uniform(key, row * n + column) >= rate} and {@code scale = 1 / (1 -
 * rate)} (inverted dropout). The mask is not stored: backward draws it again from the key the
 * forward used. The derivatives are written in terms of the stored output {@code y}: relu {@code
 * y > 0}, leaky relu {@code y > 0 ? 1 : alpha}, elu {@code y > 0 ? 1 : y + alpha} (because
 * {@code y = alpha (e^x - 1)} there), sigmoid {@code y (1 - y)}, tanh {@code 1 - y^2}. Heaviside
 * passes the gradient straight through, which with the perceptron criterion is the perceptron
 * rule; softmax is a row operation, done by the device outside the kernel.
 */
final class KernelPlanner {
  private final Names names;

  KernelPlanner(Names names) {
    this.names = names;
  }

  /** The forward kernel of a block, or null if it needs none. */
  Kernel forward(Block block) {
    if (block instanceof DenseBlock dense) {
      return dense.hasForwardKernel() ? denseForward(dense) : null;
    }
    DropoutBlock dropout = (DropoutBlock) block;
    String name = dropout.spec().name();
    List<Kernel.Argument> args =
        List.of(argument("input", "arena", dropout.input().name()), argument("output", "arena", dropout.output().name()));
    CodeBlock body =
        loop(dropout.width(), CodeBlock.builder()
            .addStatement("output[outputOffset + row + c] = $T.uniform(rngKey, (long) row + c) >= rate ? input[inputOffset + row + c] * scale : 0f", RuntimeTypes.RNG)
            .build(), true);
    return kernel(name, "forward", dropout.width(), args, true,
        name + ": inverted dropout, rate " + dropout.spec().probability(), body);
  }

  /** The backward kernel of a block, or null if it needs none. */
  Kernel backward(Block block) {
    if (block instanceof DenseBlock dense) {
      return dense.hasBackwardKernel() && dense.outputGradient().isPresent() ? denseBackward(dense) : null;
    }
    DropoutBlock dropout = (DropoutBlock) block;
    if (dropout.outputGradient().isEmpty()) {
      return null;
    }
    String name = dropout.spec().name();
    double rate = dropout.spec().probability();
    CodeBlock body =
        loop(dropout.width(), CodeBlock.builder()
            .addStatement("gradient[gradientOffset + row + c] = $T.uniform(rngKey, (long) row + c) >= $L ? gradient[gradientOffset + row + c] * $L : 0f",
                RuntimeTypes.RNG, literal(rate), literal(scale(rate)))
            .build(), false);
    return kernel(name, "backward", dropout.width(),
        List.of(argument("gradient", "arena", dropout.outputGradient().get().name())), false,
        name + ": gradient of the inverted dropout, in place", body);
  }

  private Kernel denseForward(DenseBlock dense) {
    String name = dense.spec().name();
    List<Kernel.Argument> args = new ArrayList<>();
    args.add(argument("output", "arena", dense.output().name()));
    CodeBlock.Builder element = CodeBlock.builder();
    if (dense.bias().isPresent()) {
      args.add(new Kernel.Argument("bias", "parameters", names.parameter(dense.bias().get())));
      element.addStatement("float v = output[outputOffset + row + c] + bias[biasOffset + c]");
    } else {
      element.addStatement("float v = output[outputOffset + row + c]");
    }
    if (dense.pointwiseActivation()) {
      element.addStatement("v = $L", activation(dense.activation(), dense.spec().effectiveAlpha()));
    }
    element.addStatement("output[outputOffset + row + c] = v");
    StringBuilder description = new StringBuilder(name + ": ");
    description.append(dense.bias().isPresent() ? "bias, " : "").append(lower(dense.activation()));
    if (dense.dropout().isPresent()) {
      args.add(argument("dropped", "arena", dense.dropout().get().output().name()));
      element.addStatement("dropped[droppedOffset + row + c] = $T.uniform(rngKey, (long) row + c) >= rate ? v * scale : 0f", RuntimeTypes.RNG);
      description.append(", then ").append(dense.dropout().get().spec().name()).append("'s inverted dropout");
    }
    return kernel(name, "forward", dense.out(), args, dense.dropout().isPresent(), description.toString(),
        loop(dense.out(), element.build(), dense.dropout().isPresent()));
  }

  private Kernel denseBackward(DenseBlock dense) {
    String name = dense.spec().name();
    List<Kernel.Argument> args = new ArrayList<>();
    args.add(argument("gradient", "arena", dense.outputGradient().get().name()));
    CodeBlock.Builder element = CodeBlock.builder();
    element.addStatement("float g = gradient[gradientOffset + row + c]");
    StringBuilder description = new StringBuilder(name + ": gradient of ");
    if (dense.dropout().isPresent()) {
      double rate = dense.dropout().get().spec().probability();
      element.addStatement("g = $T.uniform(rngKey, (long) row + c) >= $L ? g * $L : 0f", RuntimeTypes.RNG, literal(rate), literal(scale(rate)));
      description.append(dense.dropout().get().spec().name()).append("'s dropout, then of ");
    }
    if (dense.pointwiseActivation() && dense.activation() != Activation.HEAVISIDE) {
      args.add(argument("output", "arena", dense.output().name()));
      element.addStatement("float y = output[outputOffset + row + c]");
      element.addStatement("g $L", derivative(dense.activation(), dense.spec().effectiveAlpha()));
    }
    description.append(lower(dense.activation())).append(", in place");
    element.addStatement("gradient[gradientOffset + row + c] = g");
    return kernel(name, "backward", dense.out(), args, false, description.toString(), loop(dense.out(), element.build(), false));
  }

  private Kernel kernel(String layer, String pass, int columns, List<Kernel.Argument> args, boolean scalars,
      String description, CodeBlock body) {
    String suffix = Character.toUpperCase(pass.charAt(0)) + pass.substring(1);
    return new Kernel(
        layer + "_" + pass + "_kernel",
        names.type(layer, suffix + "Kernel"),
        names.constant(layer, pass.toUpperCase(Locale.ROOT)),
        names.member(layer, suffix + "Tensors"),
        names.member(layer, suffix + "Offsets"),
        scalars ? names.member(layer, suffix + "Scalars") : null,
        columns,
        args,
        description,
        body);
  }

  private Kernel.Argument argument(String local, String tensor, String bufferName) {
    return new Kernel.Argument(local, tensor, names.offsetOfBuffer(bufferName));
  }

  /** The loop over rows and columns around one element's statements. */
  private static CodeBlock loop(int columns, CodeBlock element, boolean readsScalars) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (readsScalars) {
      code.addStatement("float rate = scalars[0]");
      code.addStatement("float scale = scalars[1]");
    }
    return code.beginControlFlow("for (int r = fromRow; r < toRow; r++)")
        .addStatement("int row = r * $L", columns)
        .beginControlFlow("for (int c = 0; c < $L; c++)", columns)
        .add(element)
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  /** The activation of {@code v}, as a Java expression. */
  static String activation(Activation activation, double alpha) {
    return switch (activation) {
      case HEAVISIDE -> "v >= 0f ? 1f : 0f";
      case SIGMOID -> "1f / (1f + (float) Math.exp(-v))";
      case TANH -> "(float) Math.tanh(v)";
      case RELU -> "v > 0f ? v : 0f";
      case LEAKY_RELU -> "v > 0f ? v : " + literal(alpha) + " * v";
      case ELU -> "v > 0f ? v : " + literal(alpha) + " * (float) Math.expm1(v)";
      case IDENTITY, SOFTMAX -> throw new IllegalArgumentException("Expected a pointwise activation, found " + activation);
    };
  }

  /** Multiplies {@code g} by the activation's derivative at output {@code y}: the tail of a statement. */
  static String derivative(Activation activation, double alpha) {
    return switch (activation) {
      case SIGMOID -> "*= y * (1f - y)";
      case TANH -> "*= 1f - y * y";
      case RELU -> "= y > 0f ? g : 0f";
      case LEAKY_RELU -> "= y > 0f ? g : " + literal(alpha) + " * g";
      case ELU -> "= y > 0f ? g : g * (y + " + literal(alpha) + ")";
      case IDENTITY, SOFTMAX, HEAVISIDE ->
          throw new IllegalArgumentException("Expected a differentiable pointwise activation, found " + activation);
    };
  }

  static float scale(double rate) {
    return (float) (1.0 / (1.0 - rate));
  }

  static String literal(double value) {
    return Float.toString((float) value) + "f";
  }

  static String lower(Activation activation) {
    return activation.name().toLowerCase(Locale.ROOT);
  }
}
