package hypercolumn.processor.plan;

import hypercolumn.Loss;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.plan.pointwise.KernelBuffer;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything the emitters need to write one network's class: its blocks of ops, the buffers
 * they name, placed in the arena, the parameters and the loss.
 *
 * @param className the user's class as code in its package names it
 * @param blocks forward runs them in order, backward in reverse
 * @param buffers every arena buffer, as the generated class declares them
 * @param inputBuffer the name of the network input buffer, written by {@code setInput}
 * @param arenaWidth floats of the per-sample arena per sample
 */
public record NetworkPlan(
    String packageName,
    String className,
    String simpleName,
    String generatedName,
    boolean isPublic,
    Shape inputShape,
    Shape outputShape,
    int labelSize,
    List<LayerPlan> layers,
    List<ParameterSlot> parameters,
    List<LoweredBlock> blocks,
    List<Buffer> buffers,
    String inputBuffer,
    LossStep lossStep,
    int arenaWidth) {

  public NetworkPlan {
    layers = List.copyOf(layers);
    parameters = List.copyOf(parameters);
    blocks = List.copyOf(blocks);
    buffers = List.copyOf(buffers);
    boolean stateSeen = false;
    for (ParameterSlot slot : parameters) {
      if (slot.trainable() && stateSeen) {
        throw new IllegalArgumentException("trainable parameter " + slot.name()
            + " follows a state tensor; the optimizer's one pass needs state after every trainable parameter");
      }
      stateSeen |= !slot.trainable();
    }
  }

  /** The resource beside the generated class that holds the CUDA source of its kernels. */
  public String cudaSourceName() {
    return generatedName + ".cu";
  }

  public Loss loss() {
    return lossStep.loss();
  }

  public Buffer buffer(String name) {
    return buffers.stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Expected a buffer named " + name + ", found none"));
  }

  public Buffer input() {
    return buffer(inputBuffer);
  }

  public Buffer labels() {
    return buffer(lossStep.labels());
  }

  public Buffer output() {
    return buffer(lossStep.output());
  }

  /** The gradient the loss writes, the start of backward. */
  public Buffer outputGradient() {
    return buffer(lossStep.gradient());
  }

  /** Every fused kernel: those forward launches in block order, then those of backward. */
  public List<KernelPlan> kernels() {
    return allOps().flatMap(op -> op.launchedKernel().stream()).toList();
  }

  /** Every kernel launch: forward's in block order, then backward's in block order. */
  public List<Op.Launch> launches() {
    return allOps().flatMap(op -> op.launched().stream()).toList();
  }

  /** Every op, nested ones in place: forward's in block order, then backward's in block order. */
  private Stream<Op> allOps() {
    Stream<Op> forward = blocks.stream().flatMap(block -> block.forward().stream());
    Stream<Op> backward = blocks.stream().flatMap(block -> block.backward().stream());
    return Stream.concat(forward, backward).flatMap(NetworkPlan::withNested);
  }

  private static Stream<Op> withNested(Op op) {
    return Stream.concat(Stream.of(op), op.nested().stream().flatMap(NetworkPlan::withNested));
  }

  /** The weights {@code initialize} draws, in parameter order. */
  public List<WeightInit> initializers() {
    return blocks.stream().flatMap(block -> block.initializers().stream()).toList();
  }

  /** The dropout keys forward draws and backward reads again, in layer order. */
  public List<RandomKey> randomKeys() {
    return blocks.stream().flatMap(block -> block.keys().stream()).toList();
  }

  /**
   * Whether a fused kernel reads the network's input. A kernel's arguments point into the
   * arena, so {@code useInput} must then copy the caller's samples there instead of reading
   * them in place.
   */
  public boolean inputReadByKernel() {
    return kernels().stream().flatMap(k -> k.buffers().stream())
        .anyMatch(b -> b.storage() == KernelBuffer.Storage.ARENA && b.region().equals(inputBuffer));
  }

  public int parameterCount() {
    return parameters.stream().mapToInt(ParameterSlot::size).sum();
  }

  /** Floats of the parameters the optimizer trains; the rest of the buffer is state. */
  public int trainableCount() {
    return parameters.stream().filter(ParameterSlot::trainable).mapToInt(ParameterSlot::size).sum();
  }

  public long forwardFlops() {
    return layers.stream().mapToLong(LayerPlan::forwardFlops).sum();
  }

  public long backwardFlops() {
    return layers.stream().mapToLong(LayerPlan::backwardFlops).sum();
  }

}
