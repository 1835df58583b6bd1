package hypercolumn.processor.plan;

import static hypercolumn.processor.plan.Operand.activations;

import hypercolumn.Activation;
import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.LayerShapes;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.plan.Op.MatMul.Form;
import hypercolumn.processor.plan.pointwise.PointwiseKernels;
import hypercolumn.processor.plan.pointwise.PointwiseKernels.FusedDropout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dense layer, with the activation layer after it fused in when its own activation is
 * identity, and the dropout after that fused into its pointwise kernel (not after a softmax,
 * which is a row operation the kernel cannot finish first).
 *
 * <pre>
 * forward:   Y = X W^T, then the kernel in place: Y = act(Y + b) [, D = dropout(Y)]
 *            (softmax: the kernel adds the bias, then the device's softmax on Y)
 * backward:  dZ = kernel(dY, Y) in place (softmax: the device's softmax backward; folded into
 *            the loss: dZ = dY), dW = dZ^T X, db = column sums of dZ, and dX = dZ W when the
 *            block below runs backward
 * </pre>
 *
 * Parameters are PyTorch's Linear: weight {@code [out, in]}, then bias {@code [out]}. The
 * activation output {@code Y} is saved for backward, where the derivative and softmax's
 * backward read it. FLOPs count the products (a multiply-add is 2) and the bias and its
 * gradient (1 per element).
 */
final class DenseLowering implements Lowering {
  private final DenseSpec spec;
  private final Shape outputShape;
  private final int in;
  private final int out;
  private final ParameterSlot weight;
  private final Optional<ParameterSlot> bias;
  private final int weightStream;
  private final String output;
  private final Optional<ActivationSpec> activationLayer;
  private final Activation activation;
  private final double alpha;
  private final Optional<DropoutSpec> dropout;
  private final Optional<RandomKey> key;
  private final Optional<String> dropped;
  private final int parameterEnd;

  DenseLowering(DenseSpec spec, CheckedNetwork network, int index, BufferNames names, ParameterLayout parameters) {
    LayerShapes shapes = network.layers().get(index);
    this.spec = spec;
    this.outputShape = shapes.output();
    this.in = shapes.input().size();
    this.out = shapes.output().size();
    this.weight = parameters.add(spec.name() + ".weight", Shape.of(out, in), true);
    this.weightStream = parameters.indexOf(weight);
    this.bias = spec.bias() ? Optional.of(parameters.add(spec.name() + ".bias", Shape.of(out), false)) : Optional.empty();
    this.parameterEnd = parameters.size();
    this.output = names.take(spec.name());
    // An activation layer after an identity dense layer is the dense layer's activation, so the
    // pair generates the kernels of @Dense(activation = ...).
    this.activationLayer = spec.activation() == Activation.IDENTITY && index + 1 < network.layers().size()
        && network.layers().get(index + 1).layer() instanceof ActivationSpec a ? Optional.of(a) : Optional.empty();
    this.activation = activationLayer.map(ActivationSpec::activation).orElse(spec.activation());
    this.alpha = activationLayer.map(ActivationSpec::effectiveAlpha).orElse(spec.effectiveAlpha());
    int after = index + 1 + (activationLayer.isPresent() ? 1 : 0);
    Optional<DropoutSpec> next = after < network.layers().size()
        && network.layers().get(after).layer() instanceof DropoutSpec d
        && activation != Activation.SOFTMAX ? Optional.of(d) : Optional.empty();
    this.dropout = next;
    this.key = next.map(d -> new RandomKey(d.name(), after));
    this.dropped = next.map(d -> names.take(d.name()));
  }

  @Override
  public int layerCount() {
    return 1 + (activationLayer.isPresent() ? 1 : 0) + (dropout.isPresent() ? 1 : 0);
  }

  @Override
  public List<BufferRequest> outputs() {
    List<BufferRequest> outputs = new ArrayList<>(List.of(new BufferRequest(output, out)));
    dropped.ifPresent(name -> outputs.add(new BufferRequest(name, out)));
    return outputs;
  }

  @Override
  public List<ParameterSlot> parameters() {
    List<ParameterSlot> slots = new ArrayList<>(List.of(weight));
    bias.ifPresent(slots::add);
    return slots;
  }

  @Override
  public boolean backwardInPlace() {
    return false;
  }

  @Override
  public LoweredBlock lower(Wiring wiring) {
    String name = spec.name();
    Optional<FusedDropout> fused = dropout.map(d -> new FusedDropout(d.name(), d.probability(), dropped.get()));
    boolean folded = activation == Activation.SOFTMAX && wiring.lossTakesProbabilities();

    List<Op> forward = new ArrayList<>();
    forward.add(new Op.Comment("--- " + name + ": Dense " + in + " -> " + out + ", " + PointwiseKernels.lower(activation)
        + "    (B, " + out + ")"));
    forward.add(new Op.MatMul(Form.LINEAR, in, out, wiring.input(), Operand.weights(weight), activations(output)));
    if (bias.isPresent() || PointwiseKernels.isPointwise(activation) || fused.isPresent()) {
      var kernel = PointwiseKernels.denseForward(name, out, output, bias.map(ParameterSlot::name), activation,
          alpha, fused);
      if (dropout.isPresent()) {
        double rate = dropout.get().probability();
        forward.add(new Op.Comment(dropout.get().name() + ": Dropout " + rate + ", fused into " + name + "'s kernel    (B, "
            + out + ")"));
        forward.add(new Op.DrawKey(key.get()));
        forward.add(new Op.Launch(kernel, key, DropoutLowering.modeScalars(rate)));
      } else {
        forward.add(new Op.Launch(kernel, Optional.empty(), List.of()));
      }
    }
    if (activation == Activation.SOFTMAX) {
      forward.add(new Op.Softmax(output, out));
    }

    String gradient = wiring.outputGradient().orElseThrow();
    List<Op> backward = new ArrayList<>();
    backward.add(new Op.Comment("--- " + name + ": Dense " + in + " -> " + out + ", " + PointwiseKernels.lower(activation)
        + "    " + gradient + " (B, " + out + ")"));
    if (PointwiseKernels.hasDerivative(activation) || fused.isPresent()) {
      backward.add(new Op.Launch(
          PointwiseKernels.denseBackward(name, out, gradient, output, activation, alpha, fused),
          key, List.of()));
    }
    if (folded) {
      backward.add(new Op.Comment("The loss folded this softmax: the gradient is already that of the logits."));
    } else if (activation == Activation.SOFTMAX) {
      backward.add(new Op.SoftmaxBackward(output, gradient, out));
    }
    backward.add(new Op.MatMul(Form.WEIGHT_GRADIENT, in, out, activations(gradient), wiring.input(),
        Operand.gradient(weight)));
    bias.ifPresent(b -> backward.add(new Op.SumRows(activations(gradient), out, Operand.gradient(b))));
    wiring.inputGradient().ifPresent(dx -> backward.add(
        new Op.MatMul(Form.INPUT_GRADIENT, in, out, activations(gradient), Operand.weights(weight), activations(dx))));

    long matmul = 2L * in * out;
    long biasFlops = bias.isPresent() ? out : 0;
    long backwardFlops = matmul + biasFlops + (wiring.inputGradient().isPresent() ? matmul : 0);
    int parameterCount = parameters().stream().mapToInt(ParameterSlot::size).sum();
    List<LayerPlan> layers = new ArrayList<>(List.of(
        new LayerPlan(name, "Dense", outputShape, weight.offset(), parameterCount, matmul + biasFlops, backwardFlops)));
    activationLayer.ifPresent(a -> layers.add(new LayerPlan(a.name(), "Activation", outputShape, parameterEnd, 0, 0, 0)));
    dropout.ifPresent(d -> layers.add(new LayerPlan(d.name(), "Dropout", outputShape, parameterEnd, 0, 0, 0)));
    return new LoweredBlock(name, layers, List.of(new WeightInit(weight, weightStream, in, out, he(activation))),
        outputs(), List.of(output), key.stream().toList(), forward, backward, wiring.outputGradient(), folded);
  }

  /** He's limit before the ReLU family, Glorot's before the rest. */
  private static boolean he(Activation activation) {
    return activation == Activation.RELU || activation == Activation.LEAKY_RELU || activation == Activation.ELU;
  }
}
