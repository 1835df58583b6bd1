package hypercolumn;

/** How a convolution or pooling pads its input when no explicit {@code pad} is given. */
public enum Padding {
  /** No padding: only windows that fit inside the input. */
  VALID,
  /**
   * Keras's rule for every stride: an output of {@code ceil(H / s)} rows, with total padding
   * {@code max((ceil(H / s) - 1) * s + (k - 1) * d + 1 - H, 0)}, half of it (rounded down) on top
   * and the rest below; the same for the width.
   */
  SAME
}
