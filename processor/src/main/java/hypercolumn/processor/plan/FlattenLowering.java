package hypercolumn.processor.plan;

import hypercolumn.processor.model.FlattenSpec;
import hypercolumn.processor.model.Shape;
import java.util.List;

/**
 * A flatten, {@code (C, H, W) -> (C * H * W)}, as a view: a sample's NCHW block is already a
 * flat row in PyTorch's order, so the block writes nothing and the next block reads the buffer
 * below. Its gradient is the gradient of that buffer, in place.
 */
final class FlattenLowering implements Lowering {
  private final FlattenSpec spec;
  private final Shape input;
  private final Shape output;
  private final int parameterOffset;

  FlattenLowering(FlattenSpec spec, Shape input, Shape output, int parameterOffset) {
    this.spec = spec;
    this.input = input;
    this.output = output;
    this.parameterOffset = parameterOffset;
  }

  @Override
  public int layerCount() {
    return 1;
  }

  @Override
  public List<BufferRequest> outputs() {
    return List.of();
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
  public boolean isView() {
    return true;
  }

  @Override
  public int outputWidth() {
    return output.size();
  }

  @Override
  public String finalOutput() {
    return spec.name();
  }

  @Override
  public LoweredBlock lower(Wiring wiring) {
    String banner = "--- " + spec.name() + ": Flatten " + input + " -> " + output.size() + ", a view of "
        + wiring.input().name();
    List<Op> backward = wiring.outputGradient().isPresent()
        ? List.of(new Op.Comment(banner + ": the gradient passes through")) : List.of();
    return new LoweredBlock(spec.name(),
        List.of(new LayerPlan(spec.name(), "Flatten", output, parameterOffset, 0, 0, 0)),
        List.of(), List.of(), List.of(), List.of(), List.of(new Op.Comment(banner + "    (B, " + output.size() + ")")),
        backward, wiring.outputGradient(), false);
  }
}
