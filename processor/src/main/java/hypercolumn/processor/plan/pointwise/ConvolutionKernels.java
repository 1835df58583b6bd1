package hypercolumn.processor.plan.pointwise;

import static hypercolumn.processor.plan.pointwise.Expr.add;

import hypercolumn.Activation;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Access;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Element;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A convolution layer's kernel after the library's convolution, in place on its NCHW output
 * {@code (B, K, OH, OW)}: {@code y = act(y + bias[k])}, the bias read per channel ({@link
 * View.Channel}) so that bias and activation are one pass over the output. Backward's kernel is
 * the dense layer's ({@link PointwiseKernels#denseBackward}): the derivative at the stored
 * output does not depend on the layout.
 */
public final class ConvolutionKernels {
  private ConvolutionKernels() {}

  /**
   * The bias per channel, then the activation if it is pointwise.
   *
   * @param bias the bias parameter's name, if the layer has one
   */
  public static KernelPlan forward(String name, int channels, int cellsPerChannel, String output, Optional<String> bias,
      Activation activation, double alpha) {
    List<KernelBuffer> buffers = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    buffers.add(new KernelBuffer("output", Storage.ARENA, output, false, Access.READ_WRITE));
    Expr v = new Expr.Local("v");
    if (bias.isPresent()) {
      buffers.add(new KernelBuffer("bias", Storage.PARAMETERS, bias.get(), new View.Channel(channels, cellsPerChannel),
          Element.FLOAT, Access.READ));
      statements.add(new Statement.Let("v", add(new Expr.Load("output"), new Expr.Load("bias"))));
    } else {
      statements.add(new Statement.Let("v", new Expr.Load("output")));
    }
    if (PointwiseKernels.isPointwise(activation)) {
      statements.add(new Statement.Assign("v", PointwiseKernels.activation(activation, alpha, v)));
    }
    statements.add(new Statement.Store("output", v));
    String description = name + ": " + (bias.isPresent() ? "bias per channel, " : "") + PointwiseKernels.lower(activation);
    return new KernelPlan(name, "forward", channels * cellsPerChannel, buffers, List.of(), statements, description);
  }
}
