package hypercolumn.processor.model;

import hypercolumn.Padding;
import java.util.List;

/**
 * The arithmetic a convolution or pooling window shares: sizes written as one value or two,
 * padding resolved for an input, and PyTorch's output size. Defined for any value written, so
 * inference goes on past an attribute the checks reject.
 */
public final class WindowSizes {
  private WindowSizes() {}

  /**
   * The height (index 0) or width (index 1) of a size written as {@code {v}} or {@code {vh,
   * vw}}; {@code fallback} when nothing is written.
   */
  public static int pick(List<Integer> written, int index, int fallback) {
    if (written.isEmpty()) {
      return fallback;
    }
    return written.size() >= 2 ? written.get(index) : written.get(0);
  }

  /**
   * The padding of each side: explicit ({@code {p}}, {@code {ph, pw}} or {@code {top, bottom,
   * left, right}}) when written, else {@code rule} for this input, window and stride.
   */
  public static Sides padding(List<Integer> pad, Padding rule, Shape input,
      int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
      int dilationHeight, int dilationWidth) {
    switch (pad.size()) {
      case 0:
        break;
      case 1:
        return new Sides(pad.get(0), pad.get(0), pad.get(0), pad.get(0));
      case 2:
        return new Sides(pad.get(0), pad.get(0), pad.get(1), pad.get(1));
      case 4:
        return new Sides(pad.get(0), pad.get(1), pad.get(2), pad.get(3));
      default:
        return Sides.NONE;
    }
    if (rule != Padding.SAME || input.rank() != 3) {
      return Sides.NONE;
    }
    int height = samePadding(input.dim(1), kernelHeight, strideHeight, dilationHeight);
    int width = samePadding(input.dim(2), kernelWidth, strideWidth, dilationWidth);
    return new Sides(height / 2, height - height / 2, width / 2, width - width / 2);
  }

  /** Keras's total padding of one dimension for SAME: the output has {@code ceil(size / stride)} cells. */
  static int samePadding(int size, int kernel, int stride, int dilation) {
    int step = Math.max(stride, 1);
    int outputs = (size + step - 1) / step;
    return Math.max((outputs - 1) * step + (Math.max(kernel, 1) - 1) * Math.max(dilation, 1) + 1 - size, 0);
  }

  /**
   * PyTorch's output size of one dimension, {@code floor((size + padding - dilation * (kernel -
   * 1) - 1) / stride) + 1}, or 0 where that is below 1 (the checks report it).
   */
  public static int outputSize(int size, int padding, int kernel, int stride, int dilation) {
    int span = size + padding - Math.max(dilation, 1) * (Math.max(kernel, 1) - 1) - 1;
    return span < 0 ? 0 : span / Math.max(stride, 1) + 1;
  }
}
