package hypercolumn.processor.plan;

import java.util.List;
import java.util.Optional;

/**
 * One layer, with the pointwise layers fused into it, lowered to device-neutral ops. Forward
 * runs the blocks in order, backward in reverse.
 *
 * @param layers the summary's rows, one per layer the block covers
 * @param initializers how {@code initialize} draws the block's weight tensors
 * @param outputs the buffers forward writes, in order; the last is what the next block reads
 * @param saved outputs that backward reads, kept alive until the block's backward
 * @param keys the generator keys its forward draws and its backward reads again
 * @param backward empty if the block does not run backward
 * @param outputGradient the gradient of the last output, if the block runs backward
 * @param foldsIntoLoss whether the loss takes the block's softmax output as probabilities and
 *     returns the gradient of the logits, so backward skips the softmax
 */
public record LoweredBlock(
    String name,
    List<LayerPlan> layers,
    List<WeightInit> initializers,
    List<BufferRequest> outputs,
    List<String> saved,
    List<RandomKey> keys,
    List<Op> forward,
    List<Op> backward,
    Optional<String> outputGradient,
    boolean foldsIntoLoss) {

  public LoweredBlock {
    layers = List.copyOf(layers);
    initializers = List.copyOf(initializers);
    outputs = List.copyOf(outputs);
    saved = List.copyOf(saved);
    keys = List.copyOf(keys);
    forward = List.copyOf(forward);
    backward = List.copyOf(backward);
  }

  /** The buffer the next block reads. */
  public String finalOutput() {
    return outputs.get(outputs.size() - 1).name();
  }
}
