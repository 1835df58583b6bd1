package hypercolumn.processor.model;

import java.util.List;
import java.util.stream.Collectors;

/** The shape of one sample, without the batch dimension, for example {@code [64, 7, 7]}. */
public record Shape(List<Integer> dims) {
  public Shape {
    dims = List.copyOf(dims);
  }

  public static Shape of(int... dims) {
    return new Shape(java.util.Arrays.stream(dims).boxed().toList());
  }

  public int rank() {
    return dims.size();
  }

  public int dim(int index) {
    return dims.get(index);
  }

  /** Number of floats in one sample; overflows are the checker's business, not this one's. */
  public int size() {
    int size = 1;
    for (int dim : dims) {
      size *= dim;
    }
    return size;
  }

  public int[] toArray() {
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  /** {@code (B, 64, 7, 7)}, the shape of a batch, as the generated code's comments print buffers. */
  public String batched() {
    return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(B, ", ")"));
  }

  /** {@code [64, 7, 7]}, as diagnostics print shapes. */
  @Override
  public String toString() {
    return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
  }
}
