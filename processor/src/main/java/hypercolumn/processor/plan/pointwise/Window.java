package hypercolumn.processor.plan.pointwise;

/**
 * The geometry of a sliding window over an NCHW input of {@code channels x height x width}
 * per sample, with PyTorch's semantics: output height {@code (height + padTop + padBottom -
 * dilationH * (kernelH - 1) - 1) / strideH + 1}, and output cell {@code (oh, ow)} reading input
 * cell {@code (oh * strideH - padTop + kh * dilationH, ow * strideW - padLeft + kw * dilationW)}
 * for window cell {@code (kh, kw)}. Padding may differ per side.
 */
public record Window(
    int channels, int height, int width,
    int kernelH, int kernelW,
    int strideH, int strideW,
    int padTop, int padBottom, int padLeft, int padRight,
    int dilationH, int dilationW) {

  public Window {
    // The fields are not assigned yet in a compact constructor, so the sizes are worked out here.
    if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
        || height + padTop + padBottom - dilationH * (kernelH - 1) - 1 < 0
        || width + padLeft + padRight - dilationW * (kernelW - 1) - 1 < 0) {
      throw new IllegalArgumentException("Expected a window that fits its padded input, found " + this);
    }
  }

  /** A window without dilation. */
  public static Window of(int channels, int height, int width, int kernel, int stride,
      int padTop, int padBottom, int padLeft, int padRight) {
    return new Window(channels, height, width, kernel, kernel, stride, stride, padTop, padBottom, padLeft, padRight, 1, 1);
  }

  public int outHeight() {
    return (height + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
  }

  public int outWidth() {
    return (width + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
  }

  /** Input cells per sample, {@code C * H * W}. */
  public int inputCells() {
    return channels * height * width;
  }

  /** Output cells per sample of a pooling, {@code C * OH * OW}. */
  public int pooledCells() {
    return channels * outHeight() * outWidth();
  }

  /** Elements per sample of the im2col matrix, {@code (C * KH * KW) x (OH * OW)}. */
  public int columnCells() {
    return channels * kernelH * kernelW * outHeight() * outWidth();
  }
}
