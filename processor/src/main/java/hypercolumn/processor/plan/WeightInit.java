package hypercolumn.processor.plan;

import java.util.Optional;

/**
 * How {@code initialize} sets one parameter tensor: uniform in {@code [-limit, limit)} from the
 * generator stream {@code Rng.key(seed, stream, 0)}, with the limit its {@link Limit} gives; or
 * every element the same constant (a batch norm's weight and running variance start at 1).
 * Tensors without a {@code WeightInit} (a dense layer's biases) start at zero.
 *
 * @param stream the tensor's index in the parameter list
 * @param constant the value of every element, for a tensor that is not drawn
 */
public record WeightInit(ParameterSlot slot, int stream, int fanIn, int fanOut, Limit limit, Optional<Float> constant) {

  /** The bound of the uniform draw. */
  public enum Limit {
    /** Glorot's {@code sqrt(6 / (fanIn + fanOut))}. */
    GLOROT,
    /** He's {@code sqrt(6 / fanIn)}, before the ReLU family. */
    HE,
    /**
     * {@code 1 / sqrt(fanIn)}: PyTorch's default for a convolution's weight (Kaiming uniform
     * with {@code a = sqrt(5)}, whose bound {@code sqrt(6 / ((1 + a^2) fanIn))} is this) and bias.
     */
    INVERSE_SQRT_FAN_IN
  }

  /** A tensor drawn from the generator with Glorot's limit, or He's if {@code he}. */
  public WeightInit(ParameterSlot slot, int stream, int fanIn, int fanOut, boolean he) {
    this(slot, stream, fanIn, fanOut, he ? Limit.HE : Limit.GLOROT, Optional.empty());
  }

  /** A tensor drawn as PyTorch draws a convolution's weight and bias: limit {@code 1 / sqrt(fanIn)}. */
  public static WeightInit pytorchConvolution(ParameterSlot slot, int stream, int fanIn) {
    return new WeightInit(slot, stream, fanIn, 0, Limit.INVERSE_SQRT_FAN_IN, Optional.empty());
  }

  /** A tensor whose every element starts at {@code value}. */
  public static WeightInit constant(ParameterSlot slot, float value) {
    return new WeightInit(slot, -1, 0, 0, Limit.GLOROT, Optional.of(value));
  }
}
