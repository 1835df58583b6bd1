package hypercolumn.processor.plan;

import hypercolumn.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The flat parameter buffer as the lowerings fill it, in layer order: each tensor is placed
 * right after the one before, and its index in the list is its generator stream.
 */
final class ParameterLayout {
  private final List<ParameterSlot> slots = new ArrayList<>();
  private int size;

  ParameterSlot add(String name, Shape shape, boolean regularized) {
    ParameterSlot slot = new ParameterSlot(name, shape, size, regularized);
    slots.add(slot);
    size += slot.size();
    return slot;
  }

  /** The floats placed so far: the offset of the next tensor. */
  int size() {
    return size;
  }

  /** The tensor's index in the list, which {@code initialize} uses as its generator stream. */
  int indexOf(ParameterSlot slot) {
    return slots.indexOf(slot);
  }

  List<ParameterSlot> slots() {
    return List.copyOf(slots);
  }
}
