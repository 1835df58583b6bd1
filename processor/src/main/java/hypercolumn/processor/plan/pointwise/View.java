package hypercolumn.processor.plan.pointwise;

import java.util.List;

/**
 * Which element of a kernel buffer an element {@code (r, c)} of the launch reads or writes,
 * where the launch covers {@code rows x columns} elements and {@code c} is the column. Every
 * index is counted from the buffer's own first element (its offset in the launch).
 */
public sealed interface View {
  /** {@code r * columns + c}: a block of the launch's own shape. */
  record Row() implements View {}

  /** {@code c}: one row broadcast over all rows, a dense layer's bias. */
  record Column() implements View {}

  /**
   * {@code c / cellsPerChannel % channels}: one value per channel of an NCHW block, whose
   * columns are {@code channels * cellsPerChannel} (or a multiple), a convolution's bias or a
   * batch norm's scale.
   */
  record Channel(int channels, int cellsPerChannel) implements View {}

  /** {@code r * rowStride + offset + c}: a slice of wider rows, such as one gate of a recurrent layer. */
  record Strided(int rowStride, int offset) implements View {}

  /**
   * {@code index}, an integer expression of the element's coordinates and loop counters (the
   * input cell of an im2col column or of a pooling window). Where a condition of {@code guard}
   * fails, a read gives {@code padding} and touches no memory; a computed view with a guard is
   * only read, never written.
   */
  record Computed(Index index, List<Condition> guard, float padding) implements View {
    public Computed {
      guard = List.copyOf(guard);
    }
  }

  static View computed(Index index) {
    return new Computed(index, List.of(), 0f);
  }
}
