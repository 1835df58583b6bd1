package hypercolumn.processor.plan;

import hypercolumn.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The flat parameter buffer as the lowerings fill it, in layer order: each trainable tensor is
 * placed right after the one before, and its index in the list is its generator stream. State
 * tensors (batch norm's running statistics) are placed after every trainable tensor, in the
 * order they were added, so that the optimizer's one pass over {@code [0, trainable)} never
 * meets them; a lowering names them by name, and their offsets are known once every layer has
 * added its tensors.
 */
final class ParameterLayout {
  private final List<ParameterSlot> slots = new ArrayList<>();
  private final List<ParameterSlot> states = new ArrayList<>();
  private int size;

  ParameterSlot add(String name, Shape shape, boolean regularized) {
    ParameterSlot slot = new ParameterSlot(name, shape, size, regularized);
    slots.add(slot);
    size += slot.size();
    return slot;
  }

  /**
   * A state tensor: saved and loaded, never trained.
   *
   * @param dtype its dtype in a weight file, {@code "F32"} or {@code "I64"}
   * @return the tensor, by whose name ops refer to it; its offset is not known yet (-1)
   */
  ParameterSlot addState(String name, Shape shape, String dtype) {
    ParameterSlot state = new ParameterSlot(name, shape, -1, false, false, dtype);
    states.add(state);
    return state;
  }

  /** The trainable floats placed so far: the offset of the next trainable tensor. */
  int size() {
    return size;
  }

  /** The tensor's index in the list, which {@code initialize} uses as its generator stream. */
  int indexOf(ParameterSlot slot) {
    return slots.indexOf(slot);
  }

  /** Every tensor: the trainable ones in layer order, then the state, placed after them. */
  List<ParameterSlot> slots() {
    List<ParameterSlot> all = new ArrayList<>(slots);
    int offset = size;
    for (ParameterSlot state : states) {
      all.add(new ParameterSlot(state.name(), state.shape(), offset, false, false, state.dtype()));
      offset += state.size();
    }
    return List.copyOf(all);
  }
}
