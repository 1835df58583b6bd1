package hypercolumn.processor.plan.pointwise;

import hypercolumn.Activation;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Access;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Storage;
import java.util.List;

/**
 * The kernels of an activation layer that could not be fused into the product before it (it
 * follows a batch norm, a dropout or the input): forward {@code output = act(input)} (a plain
 * copy for softmax, which the device then applies to each row), backward in place {@code
 * gradient = gradient * act'(output)}, with the derivatives of {@link PointwiseKernels}.
 */
public final class ActivationKernels {
  private ActivationKernels() {}

  public static KernelPlan forward(String name, int columns, String input, String output, Activation activation,
      double alpha) {
    Expr value = new Expr.Load("input");
    if (PointwiseKernels.isPointwise(activation)) {
      value = PointwiseKernels.activation(activation, alpha, value);
    }
    return new KernelPlan(name, "forward", columns,
        List.of(arena("input", input, Access.READ), arena("output", output, Access.WRITE)),
        List.of(),
        List.of(new Statement.Store("output", value)),
        name + ": " + (PointwiseKernels.isPointwise(activation) ? PointwiseKernels.lower(activation)
            : "copy for the device's " + PointwiseKernels.lower(activation)));
  }

  /** Only for an activation that {@linkplain PointwiseKernels#hasDerivative has a derivative}. */
  public static KernelPlan backward(String name, int columns, String gradient, String output, Activation activation,
      double alpha) {
    return new KernelPlan(name, "backward", columns,
        List.of(arena("gradient", gradient, Access.READ_WRITE), arena("output", output, Access.READ)),
        List.of(),
        List.of(new Statement.Store("gradient", PointwiseKernels.derivative(activation, alpha, new Expr.Load("gradient"),
            new Expr.Load("output")))),
        name + ": gradient of " + PointwiseKernels.lower(activation) + ", in place");
  }

  private static KernelBuffer arena(String name, String region, Access access) {
    return new KernelBuffer(name, Storage.ARENA, region, false, access);
  }
}
