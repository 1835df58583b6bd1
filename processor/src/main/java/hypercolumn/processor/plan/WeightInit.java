package hypercolumn.processor.plan;

/**
 * How {@code initialize} draws one weight tensor: uniform in {@code [-limit, limit)} from the
 * generator stream {@code Rng.key(seed, stream, 0)}, with Glorot's limit {@code sqrt(6 / (fanIn +
 * fanOut))}, or He's {@code sqrt(6 / fanIn)} before the ReLU family. Tensors without a {@code
 * WeightInit} (biases) start at zero.
 *
 * @param stream the tensor's index in the parameter list
 */
public record WeightInit(ParameterSlot slot, int stream, int fanIn, int fanOut, boolean he) {}
