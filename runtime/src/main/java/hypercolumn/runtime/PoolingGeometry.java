package hypercolumn.runtime;

/**
 * A pooling layer's sizes without the batch, as {@link ConvolutionGeometry} is for a
 * convolution: {@link #at} keeps the last batch's {@link PoolingShape}, so a repeated pass
 * allocates nothing.
 */
public final class PoolingGeometry {
  private final PoolingShape.Mode mode;
  private final int[] sizes;
  private PoolingShape last;

  /**
   * The sizes of {@link PoolingShape} but the batch, checked there now.
   *
   * @param mode maximum or average
   * @param sizes channels, height, width, windowHeight, windowWidth, strideHeight, strideWidth,
   *     padTop, padBottom, padLeft, padRight
   * @throws IllegalArgumentException if there are not 11 sizes or a size is out of range
   */
  public PoolingGeometry(PoolingShape.Mode mode, int... sizes) {
    if (sizes.length != 11) {
      throw new IllegalArgumentException("Expected the 11 sizes of a pooling without its batch, found " + sizes.length);
    }
    this.mode = mode;
    this.sizes = sizes.clone();
    at(1);
  }

  /**
   * {@return the shape of this pooling over {@code batch} samples} The last shape is kept, so
   * repeated passes of one batch size build none.
   *
   * @param batch the number of samples of the pass
   * @throws IllegalArgumentException if {@code batch < 1}
   */
  public PoolingShape at(int batch) {
    PoolingShape shape = last;
    if (shape == null || shape.batch() != batch) {
      int[] s = sizes;
      shape = new PoolingShape(mode, batch, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
      last = shape;
    }
    return shape;
  }
}
