package hypercolumn.processor.plan;

import static hypercolumn.processor.plan.Operand.activations;

import hypercolumn.Activation;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.LayerShapes;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.model.Sides;
import hypercolumn.processor.plan.Op.ConvolutionBackward.Form;
import hypercolumn.processor.plan.pointwise.ConvolutionKernels;
import hypercolumn.processor.plan.pointwise.PointwiseKernels;
import hypercolumn.processor.plan.pointwise.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A 2-D convolution, as PyTorch's {@code Conv2d} (no groups), through the device's convolution
 * library ({@code Device.convolutions()}: cuDNN on the GPU, im2col and GEMM on the CPU).
 *
 * <pre>
 * forward:   Y = conv2d(X, W), then the kernel in place: Y = act(Y + b[channel])
 * backward:  dZ = kernel(dY, Y) in place, db = sums of dZ per channel, dW = the filter gradient
 *            of X and dZ, and dX = the data gradient of dZ and W when the block below runs
 *            backward
 * </pre>
 *
 * Parameters are PyTorch's: weight {@code [filters, in, kh, kw]}, then bias {@code [filters]},
 * both drawn as PyTorch draws them (uniform within {@code 1 / sqrt(in * kh * kw)}). The output
 * {@code Y} is saved for the activation's derivative. FLOPs count the products (a multiply-add
 * is 2) and the bias and its gradient (1 per output element).
 */
final class Conv2DLowering implements Lowering {
  private final Conv2DSpec spec;
  private final Shape outputShape;
  private final Op.ConvolutionSizes sizes;
  private final ParameterSlot weight;
  private final Optional<ParameterSlot> bias;
  private final int weightStream;
  private final int biasStream;
  private final int fanIn;
  private final String output;
  private final Activation activation;

  Conv2DLowering(Conv2DSpec spec, CheckedNetwork network, int index, BufferNames names, ParameterLayout parameters) {
    LayerShapes shapes = network.layers().get(index);
    Shape input = shapes.input();
    this.spec = spec;
    this.outputShape = shapes.output();
    Sides pad = spec.padding(input);
    Window window = new Window(input.dim(0), input.dim(1), input.dim(2), spec.kernelHeight(), spec.kernelWidth(),
        spec.strideHeight(), spec.strideWidth(), pad.top(), pad.bottom(), pad.left(), pad.right(),
        spec.dilationHeight(), spec.dilationWidth());
    this.sizes = new Op.ConvolutionSizes(spec.name(), window, spec.filters());
    this.fanIn = input.dim(0) * spec.kernelHeight() * spec.kernelWidth();
    this.weight = parameters.add(spec.name() + ".weight",
        Shape.of(spec.filters(), input.dim(0), spec.kernelHeight(), spec.kernelWidth()), true);
    this.weightStream = parameters.indexOf(weight);
    this.bias = spec.bias()
        ? Optional.of(parameters.add(spec.name() + ".bias", Shape.of(spec.filters()), false)) : Optional.empty();
    this.biasStream = bias.map(parameters::indexOf).orElse(-1);
    this.output = names.take(spec.name());
    this.activation = spec.activation();
    if (activation == Activation.SOFTMAX) {
      throw new IllegalArgumentException("Expected a pointwise activation on convolution '" + spec.name()
          + "', found softmax, which is a row operation of flat layers");
    }
  }

  @Override
  public int layerCount() {
    return 1;
  }

  @Override
  public List<BufferRequest> outputs() {
    return List.of(new BufferRequest(output, outputShape.size()));
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
    Window w = sizes.window();
    int channels = spec.filters();
    int cells = outputShape.dim(1) * outputShape.dim(2);
    String banner = "--- " + name + ": Conv2D " + w.channels() + "x" + w.height() + "x" + w.width() + " -> "
        + channels + "x" + outputShape.dim(1) + "x" + outputShape.dim(2) + ", kernel " + w.kernelH() + "x" + w.kernelW()
        + ", stride " + w.strideH() + "x" + w.strideW() + ", padding " + w.padTop() + "," + w.padBottom() + ","
        + w.padLeft() + "," + w.padRight() + ", dilation " + w.dilationH() + "x" + w.dilationW() + ", "
        + PointwiseKernels.lower(activation);
    String shape = "(B, " + channels + ", " + outputShape.dim(1) + ", " + outputShape.dim(2) + ")";

    List<Op> forward = new ArrayList<>();
    forward.add(new Op.Comment(banner + "    " + shape));
    forward.add(new Op.Convolution(sizes, wiring.input(), Operand.weights(weight), Optional.empty(),
        activations(output)));
    if (bias.isPresent() || PointwiseKernels.isPointwise(activation)) {
      forward.add(new Op.Launch(ConvolutionKernels.forward(name, channels, cells, output,
          bias.map(ParameterSlot::name), activation, spec.effectiveAlpha()), Optional.empty(), List.of()));
    }

    List<Op> backward = new ArrayList<>();
    if (wiring.outputGradient().isPresent()) {
      String gradient = wiring.outputGradient().get();
      Operand dy = activations(gradient);
      backward.add(new Op.Comment(banner + "    " + gradient + " " + shape));
      if (PointwiseKernels.hasDerivative(activation)) {
        backward.add(new Op.Launch(PointwiseKernels.denseBackward(name, outputShape.size(), gradient, output,
            activation, spec.effectiveAlpha(), Optional.empty()), Optional.empty(), List.of()));
      }
      bias.ifPresent(b -> backward.add(
          new Op.ConvolutionBackward(Form.BIAS_GRADIENT, sizes, dy, Optional.empty(), Operand.gradient(b))));
      backward.add(new Op.ConvolutionBackward(Form.WEIGHT_GRADIENT, sizes, dy, Optional.of(wiring.input()),
          Operand.gradient(weight)));
      wiring.inputGradient().ifPresent(dx -> backward.add(new Op.ConvolutionBackward(Form.INPUT_GRADIENT, sizes, dy,
          Optional.of(Operand.weights(weight)), activations(dx))));
    }

    long products = 2L * outputShape.size() * fanIn;
    long biasFlops = bias.isPresent() ? outputShape.size() : 0;
    long backwardFlops = products + biasFlops + (wiring.inputGradient().isPresent() ? products : 0);
    int parameterCount = parameters().stream().mapToInt(ParameterSlot::size).sum();
    List<WeightInit> initializers = new ArrayList<>(List.of(WeightInit.pytorchConvolution(weight, weightStream, fanIn)));
    bias.ifPresent(b -> initializers.add(WeightInit.pytorchConvolution(b, biasStream, fanIn)));
    return new LoweredBlock(name,
        List.of(new LayerPlan(name, "Conv2D", outputShape, weight.offset(), parameterCount, products + biasFlops,
            wiring.outputGradient().isPresent() ? backwardFlops : 0)),
        initializers, outputs(), List.of(output), List.of(), forward, backward, wiring.outputGradient(), false);
  }
}
