package hypercolumn.processor.plan;

import java.util.Optional;

/**
 * How {@code initialize} sets one parameter tensor: uniform in {@code [-limit, limit)} from the
 * generator stream {@code Rng.key(seed, stream, 0)}, with Glorot's limit {@code sqrt(6 / (fanIn +
 * fanOut))}, or He's {@code sqrt(6 / fanIn)} before the ReLU family; or every element the same
 * constant (a batch norm's weight and running variance start at 1). Tensors without a {@code
 * WeightInit} (biases) start at zero.
 *
 * @param stream the tensor's index in the parameter list
 * @param constant the value of every element, for a tensor that is not drawn
 */
public record WeightInit(ParameterSlot slot, int stream, int fanIn, int fanOut, boolean he, Optional<Float> constant) {

  /** A tensor drawn from the generator. */
  public WeightInit(ParameterSlot slot, int stream, int fanIn, int fanOut, boolean he) {
    this(slot, stream, fanIn, fanOut, he, Optional.empty());
  }

  /** A tensor whose every element starts at {@code value}. */
  public static WeightInit constant(ParameterSlot slot, float value) {
    return new WeightInit(slot, -1, 0, 0, false, Optional.of(value));
  }
}
