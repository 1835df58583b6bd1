package hypercolumn.runtime;

/**
 * A convolution layer's sizes without the batch, as a generated network declares them once: {@link
 * #at} gives the {@link ConvolutionShape} of a batch, keeping the last one, so a pass repeated at
 * the same batch allocates nothing (a training step's steady state) and the CUDA device finds the
 * same shape, and so the same prepared plan, every time.
 */
public final class ConvolutionGeometry {
  private final int inChannels;
  private final int height;
  private final int width;
  private final int outChannels;
  private final int kernelHeight;
  private final int kernelWidth;
  private final int strideHeight;
  private final int strideWidth;
  private final int padTop;
  private final int padBottom;
  private final int padLeft;
  private final int padRight;
  private final int dilationHeight;
  private final int dilationWidth;
  private ConvolutionShape last;

  /**
   * The sizes of {@link ConvolutionShape} but the batch, checked there on the first {@link #at}.
   *
   * @param sizes inChannels, height, width, outChannels, kernelHeight, kernelWidth, strideHeight,
   *     strideWidth, padTop, padBottom, padLeft, padRight, dilationHeight, dilationWidth
   * @throws IllegalArgumentException if there are not 14 sizes
   */
  public ConvolutionGeometry(int... sizes) {
    if (sizes.length != 14) {
      throw new IllegalArgumentException("Expected the 14 sizes of a convolution without its batch, found "
          + sizes.length);
    }
    this.inChannels = sizes[0];
    this.height = sizes[1];
    this.width = sizes[2];
    this.outChannels = sizes[3];
    this.kernelHeight = sizes[4];
    this.kernelWidth = sizes[5];
    this.strideHeight = sizes[6];
    this.strideWidth = sizes[7];
    this.padTop = sizes[8];
    this.padBottom = sizes[9];
    this.padLeft = sizes[10];
    this.padRight = sizes[11];
    this.dilationHeight = sizes[12];
    this.dilationWidth = sizes[13];
    at(1); // checks the sizes now, where the network is made
  }

  /**
   * {@return the shape of this convolution over {@code batch} samples} The last shape is kept,
   * so repeated passes of one batch size build none.
   *
   * @param batch the number of samples of the pass
   * @throws IllegalArgumentException if {@code batch < 1}
   */
  public ConvolutionShape at(int batch) {
    ConvolutionShape shape = last;
    if (shape == null || shape.batch() != batch) {
      shape = new ConvolutionShape(batch, inChannels, height, width, outChannels, kernelHeight, kernelWidth,
          strideHeight, strideWidth, padTop, padBottom, padLeft, padRight, dilationHeight, dilationWidth);
      last = shape;
    }
    return shape;
  }
}
