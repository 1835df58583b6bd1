package hypercolumn.processor.plan;

import java.util.List;

/**
 * What one layer kind does to be planned, in two phases. When constructed it takes its buffer
 * names and its place in the parameter buffer, and declares what the planner needs to wire the
 * network: how many layers it covers, its outputs, its parameters and whether its backward runs
 * in place. Once every block is wired, {@link #lower} gives its ops.
 */
interface Lowering {
  /** How many of the network's layers the block covers: a dense layer with the dropout it fuses is 2. */
  int layerCount();

  /** The buffers forward writes, in order; the last is what the next block reads. */
  List<BufferRequest> outputs();

  /** Its parameter tensors, in the flat buffer's order. */
  List<ParameterSlot> parameters();

  /** Whether backward turns the gradient of its output into that of its input in place. */
  boolean backwardInPlace();

  LoweredBlock lower(Wiring wiring);

  /**
   * Whether the block is a view that writes nothing: its output is its input's buffer, read
   * with another shape (a flatten), and the planner hands the next block that buffer. A view
   * requests no outputs; its {@link #finalOutput()} only names its gradient.
   */
  default boolean isView() {
    return false;
  }

  default int outputWidth() {
    return outputs().get(outputs().size() - 1).width();
  }

  default String finalOutput() {
    return outputs().get(outputs().size() - 1).name();
  }
}
