package hypercolumn.runtime;

/**
 * The sizes of one 2-D convolution over a batch, NCHW and float32 as PyTorch's {@code
 * nn.Conv2d} (without groups): input {@code [batch, inChannels, height, width]}, weight {@code
 * [outChannels, inChannels, kernelHeight, kernelWidth]}, bias {@code [outChannels]}, output
 * {@code [batch, outChannels, outHeight(), outWidth()]}, all row-major. Padding may differ per
 * side (Keras's {@code SAME} at an even kernel or a stride above 1 pads one more cell at the
 * bottom and right); padded cells are zeros.
 *
 * @param batch samples in the batch, at least 1
 * @param inChannels input channels C, at least 1
 * @param height input height H, at least 1
 * @param width input width W, at least 1
 * @param outChannels filters K, at least 1
 * @param kernelHeight window height, at least 1
 * @param kernelWidth window width, at least 1
 * @param strideHeight step between windows down the rows, at least 1
 * @param strideWidth step between windows along a row, at least 1
 * @param padTop zero rows above the input, at least 0
 * @param padBottom zero rows below the input, at least 0
 * @param padLeft zero columns left of the input, at least 0
 * @param padRight zero columns right of the input, at least 0
 * @param dilationHeight spacing of the window's rows, at least 1
 * @param dilationWidth spacing of the window's columns, at least 1
 */
public record ConvolutionShape(
    int batch,
    int inChannels,
    int height,
    int width,
    int outChannels,
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    int padTop,
    int padBottom,
    int padLeft,
    int padRight,
    int dilationHeight,
    int dilationWidth) {

  /**
   * Checks every size.
   *
   * @param batch samples in the batch, at least 1
   * @param inChannels input channels C, at least 1
   * @param height input height H, at least 1
   * @param width input width W, at least 1
   * @param outChannels filters K, at least 1
   * @param kernelHeight window height, at least 1
   * @param kernelWidth window width, at least 1
   * @param strideHeight step between windows down the rows, at least 1
   * @param strideWidth step between windows along a row, at least 1
   * @param padTop zero rows above the input, at least 0
   * @param padBottom zero rows below the input, at least 0
   * @param padLeft zero columns left of the input, at least 0
   * @param padRight zero columns right of the input, at least 0
   * @param dilationHeight spacing of the window's rows, at least 1
   * @param dilationWidth spacing of the window's columns, at least 1
   * @throws IllegalArgumentException naming the size at fault, or showing the arithmetic when
   *     the output would be empty
   */
  public ConvolutionShape {
    ShapeChecks.atLeast(1, "batch", batch, "inChannels", inChannels, "height", height, "width", width,
        "outChannels", outChannels, "kernelHeight", kernelHeight, "kernelWidth", kernelWidth,
        "strideHeight", strideHeight, "strideWidth", strideWidth, "dilationHeight", dilationHeight,
        "dilationWidth", dilationWidth);
    ShapeChecks.atLeast(0, "padTop", padTop, "padBottom", padBottom, "padLeft", padLeft,
        "padRight", padRight);
    ShapeChecks.outputSize("height", height, padTop, padBottom, dilationHeight * (kernelHeight - 1) + 1,
        strideHeight);
    ShapeChecks.outputSize("width", width, padLeft, padRight, dilationWidth * (kernelWidth - 1) + 1,
        strideWidth);
  }

  /**
   * {@return the output's rows, {@code (height + padTop + padBottom - dilationHeight *
   * (kernelHeight - 1) - 1) / strideHeight + 1}, as PyTorch's {@code Conv2d} gives them}
   */
  public int outHeight() {
    return (height + padTop + padBottom - dilationHeight * (kernelHeight - 1) - 1) / strideHeight + 1;
  }

  /** {@return the output's columns, computed as {@link #outHeight()} is, along a row} */
  public int outWidth() {
    return (width + padLeft + padRight - dilationWidth * (kernelWidth - 1) - 1) / strideWidth + 1;
  }

  /**
   * {@return the floats of the whole input batch, {@code batch * inChannels * height * width}}
   *
   * @throws ArithmeticException if the count overflows an int
   */
  public int inputSize() {
    return Math.multiplyExact(batch, inChannels * height * width);
  }

  /**
   * {@return the floats of the whole output batch, {@code batch * outChannels * outHeight() *
   * outWidth()}}
   *
   * @throws ArithmeticException if the count overflows an int
   */
  public int outputSize() {
    return Math.multiplyExact(batch, outChannels * outHeight() * outWidth());
  }

  /**
   * {@return the floats of the weight, {@code outChannels * inChannels * kernelHeight *
   * kernelWidth}}
   */
  public int weightSize() {
    return outChannels * inChannels * kernelHeight * kernelWidth;
  }

  /**
   * {@return whether the padding is the same on both sides of each axis, as cuDNN's descriptors
   * need}
   */
  public boolean symmetricPadding() {
    return padTop == padBottom && padLeft == padRight;
  }
}
