package hypercolumn.runtime;

/**
 * The sizes of one 2-D pooling over a batch, NCHW and float32 as PyTorch's {@code
 * nn.MaxPool2d} and {@code nn.AvgPool2d} (floor mode, no dilation): input {@code [batch,
 * channels, height, width]}, output {@code [batch, channels, outHeight(), outWidth()]}.
 * Padding may differ per side. Max pooling never picks a padded cell; average pooling counts
 * padded cells as zeros in the window's size, as PyTorch's default {@code
 * count_include_pad=True} and cuDNN's {@code CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING} do.
 *
 * @param mode maximum or average
 * @param batch samples in the batch, at least 1
 * @param channels channels C, at least 1
 * @param height input height H, at least 1
 * @param width input width W, at least 1
 * @param windowHeight window height, at least 1
 * @param windowWidth window width, at least 1
 * @param strideHeight step between windows down the rows, at least 1
 * @param strideWidth step between windows along a row, at least 1
 * @param padTop padded rows above the input, at least 0
 * @param padBottom padded rows below the input, at least 0
 * @param padLeft padded columns left of the input, at least 0
 * @param padRight padded columns right of the input, at least 0
 */
public record PoolingShape(
    Mode mode,
    int batch,
    int channels,
    int height,
    int width,
    int windowHeight,
    int windowWidth,
    int strideHeight,
    int strideWidth,
    int padTop,
    int padBottom,
    int padLeft,
    int padRight) {

  /** What a window reduces to. */
  public enum Mode {
    /** The largest value; backward sends the gradient to the first largest cell, as PyTorch. */
    MAX,
    /** The mean over the window, padded cells counted as zeros. */
    AVERAGE
  }

  /**
   * Checks every size.
   *
   * @param mode maximum or average
   * @param batch samples in the batch, at least 1
   * @param channels channels C, at least 1
   * @param height input height H, at least 1
   * @param width input width W, at least 1
   * @param windowHeight window height, at least 1
   * @param windowWidth window width, at least 1
   * @param strideHeight step between windows down the rows, at least 1
   * @param strideWidth step between windows along a row, at least 1
   * @param padTop padded rows above the input, at least 0
   * @param padBottom padded rows below the input, at least 0
   * @param padLeft padded columns left of the input, at least 0
   * @param padRight padded columns right of the input, at least 0
   * @throws IllegalArgumentException naming the size at fault, or showing the arithmetic when
   *     the output would be empty
   * @throws NullPointerException if {@code mode} is null
   */
  public PoolingShape {
    java.util.Objects.requireNonNull(mode, "mode");
    ShapeChecks.atLeast(1, "batch", batch, "channels", channels, "height", height, "width", width,
        "windowHeight", windowHeight, "windowWidth", windowWidth, "strideHeight", strideHeight,
        "strideWidth", strideWidth);
    ShapeChecks.atLeast(0, "padTop", padTop, "padBottom", padBottom, "padLeft", padLeft,
        "padRight", padRight);
    ShapeChecks.outputSize("height", height, padTop, padBottom, windowHeight, strideHeight);
    ShapeChecks.outputSize("width", width, padLeft, padRight, windowWidth, strideWidth);
  }

  /**
   * {@return the output's rows, {@code (height + padTop + padBottom - windowHeight) /
   * strideHeight + 1}, rounded down as PyTorch's default {@code ceil_mode=False}}
   */
  public int outHeight() {
    return (height + padTop + padBottom - windowHeight) / strideHeight + 1;
  }

  /** {@return the output's columns, computed as {@link #outHeight()} is, along a row} */
  public int outWidth() {
    return (width + padLeft + padRight - windowWidth) / strideWidth + 1;
  }

  /**
   * {@return the floats of the whole input batch, {@code batch * channels * height * width}}
   *
   * @throws ArithmeticException if the count overflows an int
   */
  public int inputSize() {
    return Math.multiplyExact(batch, channels * height * width);
  }

  /**
   * {@return the floats of the whole output batch, {@code batch * channels * outHeight() *
   * outWidth()}}
   *
   * @throws ArithmeticException if the count overflows an int
   */
  public int outputSize() {
    return Math.multiplyExact(batch, channels * outHeight() * outWidth());
  }
}
