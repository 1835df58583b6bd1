package hypercolumn.processor.plan;

import hypercolumn.Loss;
import hypercolumn.processor.model.Shape;
import java.util.List;

/**
 * Everything the emitters need to write one network's class.
 *
 * @param className the user's class as code in its package names it
 * @param input the network input buffer, written by {@code setInput}
 * @param labels the label buffer, written by {@code setLabels}
 * @param outputGradient the gradient the loss writes, the start of backward
 * @param arenaWidth floats of activation arena per sample
 */
public record NetworkPlan(
    String packageName,
    String className,
    String simpleName,
    String generatedName,
    boolean isPublic,
    Loss loss,
    Shape inputShape,
    Shape outputShape,
    int labelSize,
    List<LayerPlan> layers,
    List<ParameterSlot> parameters,
    List<Block> blocks,
    Buffer input,
    Buffer labels,
    Buffer outputGradient,
    int arenaWidth) {

  public NetworkPlan {
    layers = List.copyOf(layers);
    parameters = List.copyOf(parameters);
    blocks = List.copyOf(blocks);
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

  public Buffer output() {
    return blocks.get(blocks.size() - 1).finalOutput();
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
