package hypercolumn.processor.model;

/** Padding on each side of a (H, W) plane, resolved for one input. */
public record Sides(int top, int bottom, int left, int right) {

  static final Sides NONE = new Sides(0, 0, 0, 0);

  /**
   * The padding a layer's attributes give for an input of {@code height x width}: explicit
   * {@code {p}}, {@code {ph, pw}} or {@code {top, bottom, left, right}}; else SAME by Keras's rule;
   * else none.
   */
  static Sides resolve(java.util.List<Integer> pad, boolean same, int height, int width, int kh, int kw, int sh,
      int sw, int dh, int dw) {
    if (!pad.isEmpty()) {
      return switch (pad.size()) {
        case 1 -> new Sides(pad.get(0), pad.get(0), pad.get(0), pad.get(0));
        case 2 -> new Sides(pad.get(0), pad.get(0), pad.get(1), pad.get(1));
        case 4 -> new Sides(pad.get(0), pad.get(1), pad.get(2), pad.get(3));
        default -> NONE;
      };
    }
    if (!same) {
      return NONE;
    }
    int totalH = same(height, kh, sh, dh);
    int totalW = same(width, kw, sw, dw);
    return new Sides(totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2);
  }

  private static int same(int size, int kernel, int stride, int dilation) {
    if (stride < 1) {
      return 0;
    }
    int out = (size + stride - 1) / stride;
    return Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
  }

  /** PyTorch's floor formula, clamped at 0. */
  static int outSize(int size, int before, int after, int kernel, int stride, int dilation) {
    if (stride < 1 || kernel < 1 || dilation < 1) {
      return 0;
    }
    return Math.max((size + before + after - dilation * (kernel - 1) - 1) / stride + 1, 0);
  }

  /** {@code {v}} as {@code v, v}; {@code {a, b}} as is; anything else gives {@code fallback}. */
  static int first(java.util.List<Integer> values, int fallback) {
    return values.isEmpty() ? fallback : values.get(0);
  }

  static int second(java.util.List<Integer> values, int fallback) {
    return values.isEmpty() ? fallback : values.get(values.size() == 1 ? 0 : 1);
  }
}
