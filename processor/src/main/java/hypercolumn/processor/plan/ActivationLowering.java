package hypercolumn.processor.plan;

import hypercolumn.Activation;
import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.plan.pointwise.ActivationKernels;
import hypercolumn.processor.plan.pointwise.PointwiseKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An activation layer that could not be fused into the dense layer before it (it follows a
 * batch norm, a dropout, another activation, a convolution or pooling, or the input), over a
 * flat input or an image element by element: a kernel of its own writing its
 * output, then the device's softmax on that output for {@code SOFTMAX}. Backward runs in place
 * on the gradient, like dropout's: the derivative at the saved output, or softmax's backward
 * (skipped where the loss folds it).
 */
final class ActivationLowering implements Lowering {
  private final ActivationSpec spec;
  private final Shape shape;
  private final int width;
  private final int parameterOffset;
  private final String output;

  ActivationLowering(ActivationSpec spec, Shape shape, BufferNames names, int parameterOffset) {
    this.spec = spec;
    this.shape = shape;
    this.width = shape.size();
    this.parameterOffset = parameterOffset;
    this.output = names.take(spec.name());
  }

  @Override
  public int layerCount() {
    return 1;
  }

  @Override
  public List<BufferRequest> outputs() {
    return List.of(new BufferRequest(output, width));
  }

  @Override
  public List<ParameterSlot> parameters() {
    return List.of();
  }

  @Override
  public boolean backwardInPlace() {
    return true;
  }

  @Override
  public LoweredBlock lower(Wiring wiring) {
    String name = spec.name();
    Activation activation = spec.activation();
    String banner = "--- " + name + ": Activation " + PointwiseKernels.lower(activation);
    List<Op> forward = new ArrayList<>();
    forward.add(new Op.Comment(banner + "    " + shape.batched()));
    forward.add(new Op.Launch(ActivationKernels.forward(name, width, wiring.input().arenaBuffer(), output, activation,
        spec.effectiveAlpha()), Optional.empty(), List.of()));
    if (activation == Activation.SOFTMAX) {
      forward.add(new Op.Softmax(output, width));
    }
    boolean folded = activation == Activation.SOFTMAX && wiring.lossTakesProbabilities();
    List<Op> backward = new ArrayList<>();
    wiring.outputGradient().ifPresent(gradient -> {
      backward.add(new Op.Comment(banner + "    " + gradient + " " + shape.batched() + ", in place"));
      if (PointwiseKernels.hasDerivative(activation)) {
        backward.add(new Op.Launch(ActivationKernels.backward(name, width, gradient, output, activation,
            spec.effectiveAlpha()), Optional.empty(), List.of()));
      } else if (folded) {
        backward.add(new Op.Comment("The loss folded this softmax: the gradient is already that of its input."));
      } else if (activation == Activation.SOFTMAX) {
        backward.add(new Op.SoftmaxBackward(output, gradient, width));
      }
    });
    return new LoweredBlock(name, List.of(new LayerPlan(name, "Activation", shape, parameterOffset, 0, 0, 0)), List.of(),
        outputs(), List.of(output), List.of(), forward, backward, wiring.outputGradient(), folded);
  }
}
