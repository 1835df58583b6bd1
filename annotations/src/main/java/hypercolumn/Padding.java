package hypercolumn;

/**
 * How a convolution or pooling window is padded when no explicit {@code pad} is given.
 */
public enum Padding {
  /** No padding: windows lie wholly inside the input. */
  VALID,
  /**
   * Keras's {@code padding="same"} for every stride: the output has {@code ceil(H / stride)} rows
   * and {@code ceil(W / stride)} columns; the total padding of a dimension, {@code max((ceil(H /
   * s) - 1) * s + (k - 1) * d + 1 - H, 0)}, goes half above (rounded down) and the rest below,
   * half left and the rest right, so it may be one cell larger below and right.
   */
  SAME
}
