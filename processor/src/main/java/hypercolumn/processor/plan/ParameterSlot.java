package hypercolumn.processor.plan;

import hypercolumn.processor.model.Shape;

/**
 * One parameter tensor in the flat parameter buffer, named and shaped as PyTorch does ({@code
 * hidden.weight} is {@code [out, in]}).
 */
public record ParameterSlot(String name, Shape shape, int offset, boolean regularized) {
  public int size() {
    return shape.size();
  }
}
