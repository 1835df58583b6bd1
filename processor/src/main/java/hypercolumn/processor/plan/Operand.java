package hypercolumn.processor.plan;

/**
 * A tensor an op reads or writes, by where it is stored and its name there. The emitters turn
 * each into the tensor and offset of the generated class: an activation buffer lives in the
 * arena, the network's input wherever {@code setInput} or {@code useInput} put it, a parameter
 * and its gradient in the flat parameter and gradient buffers.
 *
 * @param name the arena buffer's name, or the parameter's such as {@code hidden.weight}
 */
public record Operand(Storage storage, String name) {
  public enum Storage {
    /** A buffer of the activation arena. */
    ARENA,
    /** The network's input buffer, which {@code useInput} may point at the caller's tensor. */
    INPUT,
    /** A parameter tensor. */
    PARAMETERS,
    /** The gradient of a parameter tensor. */
    GRADIENTS
  }

  public static Operand activations(String buffer) {
    return new Operand(Storage.ARENA, buffer);
  }

  public static Operand input(String buffer) {
    return new Operand(Storage.INPUT, buffer);
  }

  public static Operand weights(ParameterSlot slot) {
    return new Operand(Storage.PARAMETERS, slot.name());
  }

  public static Operand gradient(ParameterSlot slot) {
    return new Operand(Storage.GRADIENTS, slot.name());
  }

  /** The arena buffer this operand names (the input is one), or null for a parameter or its gradient. */
  public String arenaBuffer() {
    return storage == Storage.ARENA || storage == Storage.INPUT ? name : null;
  }
}
