package hypercolumn.runtime;

/**
 * The device's seam for convolution and pooling, the library operations a convolutional
 * network lowers to: each device does them its own way (the CPU in Java, the GPU through
 * cuDNN), with the semantics of PyTorch's {@code conv2d}, {@code max_pool2d} and {@code
 * avg_pool2d} written in {@link ConvolutionShape} and {@link PoolingShape}. Tensors are NCHW
 * float32 blocks of the device, each read from its offset; outputs never alias inputs.
 */
public interface Convolutions {

  /**
   * {@code y = conv2d(x, w) + bias}: {@code y[n][k][i][j] = bias[k] + sum over c, p, q of
   * x[n][c][i * sh - padTop + p * dh][j * sw - padLeft + q * dw] * w[k][c][p][q]}, padded cells
   * zero. {@code bias} may be null for none. Overwrites {@code y}.
   */
  void convolutionForward(ConvolutionShape shape, Tensor x, int xOffset, Tensor w, int wOffset,
      Tensor bias, int biasOffset, Tensor y, int yOffset);

  /** The input gradient {@code dx} of {@link #convolutionForward} given {@code dy}; overwrites {@code dx}. */
  void convolutionBackwardData(ConvolutionShape shape, Tensor dy, int dyOffset, Tensor w, int wOffset,
      Tensor dx, int dxOffset);

  /**
   * The weight gradient summed over the batch: {@code dw = beta * dw + sum over n of
   * correlation(x[n], dy[n])}; {@code beta} is 0 (overwrite, even NaN) or 1 (accumulate).
   */
  void convolutionBackwardFilter(ConvolutionShape shape, Tensor x, int xOffset, Tensor dy,
      int dyOffset, float beta, Tensor dw, int dwOffset);

  /** The bias gradient: {@code db[k] = beta * db[k] + sum over n, i, j of dy[n][k][i][j]}. */
  void convolutionBackwardBias(ConvolutionShape shape, Tensor dy, int dyOffset, float beta, Tensor db,
      int dbOffset);

  /** {@code y} = each window's maximum or mean, as {@link PoolingShape} defines; overwrites {@code y}. */
  void poolingForward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset);

  /**
   * The input gradient of {@link #poolingForward}: for the maximum, each window's {@code dy} goes
   * to the first cell (in row-major order within the window) that holds the window's maximum of
   * {@code x}; for the mean, spread evenly over the window's cells, padded ones included (and
   * dropped). {@code y} is forward's output. Overwrites {@code dx}; windows that overlap add up.
   */
  void poolingBackward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset, Tensor dy,
      int dyOffset, Tensor dx, int dxOffset);
}
