package hypercolumn.processor.plan;

import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.plan.pointwise.PointwiseKernels;
import java.util.List;
import java.util.Optional;

/**
 * A dropout that could not be fused into the layer before it (it follows a softmax, another
 * dropout, or the input): a kernel of its own. Its backward runs in place on the gradient, so
 * the gradient of its output is also that of its input. It saves nothing: backward draws the
 * mask again from the key forward used.
 */
final class DropoutLowering implements Lowering {
  private final DropoutSpec spec;
  private final Shape shape;
  private final int width;
  private final int parameterOffset;
  private final String output;
  private final RandomKey key;

  /** @param parameterOffset where the parameters of the layers before end, for the summary */
  DropoutLowering(DropoutSpec spec, Shape shape, int index, BufferNames names, int parameterOffset) {
    this.spec = spec;
    this.shape = shape;
    this.width = shape.size();
    this.parameterOffset = parameterOffset;
    this.output = names.take(spec.name());
    this.key = new RandomKey(spec.name(), index);
  }

  /**
   * Forward's scalars: the rate and the inverted dropout's scale while training, 0 and 1 (every
   * value kept, unscaled) in evaluation, so both modes launch the same kernel.
   */
  static List<Op.ModeScalar> modeScalars(double rate) {
    return List.of(new Op.ModeScalar((float) rate, 0f), new Op.ModeScalar(PointwiseKernels.scale(rate), 1f));
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
    double rate = spec.probability();
    String input = wiring.input().arenaBuffer();
    List<Op> forward = List.of(
        new Op.Comment("--- " + name + ": Dropout " + rate + "    (B, " + width + ")"),
        new Op.DrawKey(key),
        new Op.Launch(PointwiseKernels.dropoutForward(name, width, input, output, rate), Optional.of(key),
            modeScalars(rate)));
    List<Op> backward = wiring.outputGradient()
        .<List<Op>>map(gradient -> List.of(
            new Op.Comment("--- " + name + ": Dropout " + rate + "    " + gradient + " (B, " + width + "), in place"),
            new Op.Launch(PointwiseKernels.dropoutBackward(name, width, gradient, rate), Optional.of(key), List.of())))
        .orElse(List.of());
    return new LoweredBlock(name, List.of(new LayerPlan(name, "Dropout", shape, parameterOffset, 0, 0, 0)), List.of(), outputs(),
        List.of(), List.of(key), forward, backward, wiring.outputGradient(), false);
  }
}
