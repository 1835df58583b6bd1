package hypercolumn.processor.plan;

import static hypercolumn.processor.plan.Operand.activations;

import hypercolumn.processor.model.GlobalAvgPool2DSpec;
import hypercolumn.processor.model.Pool2DSpec;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.model.Sides;
import hypercolumn.processor.plan.pointwise.Window;
import java.util.List;

/**
 * A max or average pooling, as PyTorch's {@code MaxPool2d} and {@code AvgPool2d} (padded cells
 * counted in the average), and a global average pooling as an average over the whole (H, W)
 * window; through the device's library on both devices ({@code Device.convolutions()}: cuDNN on
 * the GPU, Java loops on the CPU).
 *
 * <pre>
 * forward:   Y = pool(X)
 * backward:  dX = the pooling's input gradient from X, Y and dY, when the block below runs backward
 * </pre>
 *
 * No parameters. Backward reads the input and the saved output (max pooling finds the window's
 * maximum again instead of keeping an argmax). FLOPs: one per window cell and output element.
 */
final class Pool2DLowering implements Lowering {
  private final String name;
  private final String kind;
  private final Op.PoolingSizes sizes;
  private final Shape outputShape;
  private final String output;

  private Pool2DLowering(String name, String kind, Op.PoolMode mode, Window window, Shape outputShape,
      BufferNames names) {
    this.name = name;
    this.kind = kind;
    this.sizes = new Op.PoolingSizes(name, mode, window);
    this.outputShape = outputShape;
    this.output = names.take(name);
  }

  static Pool2DLowering of(Pool2DSpec spec, Shape input, Shape output, BufferNames names) {
    Sides pad = spec.padding(input);
    Window window = new Window(input.dim(0), input.dim(1), input.dim(2), spec.windowHeight(), spec.windowWidth(),
        spec.strideHeight(), spec.strideWidth(), pad.top(), pad.bottom(), pad.left(), pad.right(), 1, 1);
    Op.PoolMode mode = spec.mode() == Pool2DSpec.Mode.MAX ? Op.PoolMode.MAX : Op.PoolMode.AVERAGE;
    return new Pool2DLowering(spec.name(), spec.kind(), mode, window, output, names);
  }

  /** A global average pooling: one window over each channel's whole (H, W) plane. */
  static Pool2DLowering of(GlobalAvgPool2DSpec spec, Shape input, Shape output, BufferNames names) {
    Window window = new Window(input.dim(0), input.dim(1), input.dim(2), input.dim(1), input.dim(2), 1, 1,
        0, 0, 0, 0, 1, 1);
    return new Pool2DLowering(spec.name(), spec.kind(), Op.PoolMode.AVERAGE, window, output, names);
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
    return List.of();
  }

  @Override
  public boolean backwardInPlace() {
    return false;
  }

  @Override
  public LoweredBlock lower(Wiring wiring) {
    Window w = sizes.window();
    String banner = "--- " + name + ": " + kind + " " + w.channels() + "x" + w.height() + "x" + w.width()
        + ", window " + w.kernelH() + "x" + w.kernelW() + ", stride " + w.strideH() + "x" + w.strideW()
        + ", padding " + w.padTop() + "," + w.padBottom() + "," + w.padLeft() + "," + w.padRight();
    String shape = "(B, " + outputShape.dims().stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(", ")) + ")";
    List<Op> forward = List.of(new Op.Comment(banner + "    " + shape),
        new Op.Pooling(sizes, wiring.input(), activations(output)));
    List<Op> backward = List.of();
    if (wiring.outputGradient().isPresent()) {
      String gradient = wiring.outputGradient().get();
      backward = wiring.inputGradient().isPresent()
          ? List.of(new Op.Comment(banner + "    " + gradient + " " + shape), new Op.PoolingBackward(sizes,
              wiring.input(), activations(output), activations(gradient), activations(wiring.inputGradient().get())))
          : List.of(new Op.Comment(banner + ": no gradient below"));
    }
    long flops = (long) outputShape.size() * w.kernelH() * w.kernelW();
    return new LoweredBlock(name,
        List.of(new LayerPlan(name, kind, outputShape, 0, 0, flops, wiring.inputGradient().isPresent() ? flops : 0)),
        List.of(), outputs(), List.of(output), List.of(), forward, backward, wiring.outputGradient(), false);
  }
}
