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
   *
   * @param shape the sizes of the convolution
   * @param x the tensor holding the input batch {@code [batch, inChannels, height, width]}
   * @param xOffset the input's first float
   * @param w the tensor holding the weight {@code [outChannels, inChannels, kernelHeight,
   *     kernelWidth]}
   * @param wOffset the weight's first float
   * @param bias the tensor holding the {@code outChannels} biases, or null for none
   * @param biasOffset the first bias's float, ignored without a bias
   * @param y the tensor the output {@code [batch, outChannels, outHeight, outWidth]} is written to
   * @param yOffset the output's first float
   */
  void convolutionForward(ConvolutionShape shape, Tensor x, int xOffset, Tensor w, int wOffset,
      Tensor bias, int biasOffset, Tensor y, int yOffset);

  /**
   * The input gradient {@code dx} of {@link #convolutionForward} given {@code dy} (PyTorch's
   * {@code conv_transpose2d} of {@code dy} with the same weight); overwrites {@code dx}.
   *
   * @param shape the sizes of the convolution
   * @param dy the tensor holding the output gradient, shaped as the output
   * @param dyOffset the output gradient's first float
   * @param w the tensor holding the weight
   * @param wOffset the weight's first float
   * @param dx the tensor the input gradient is written to, shaped as the input
   * @param dxOffset the input gradient's first float
   */
  void convolutionBackwardData(ConvolutionShape shape, Tensor dy, int dyOffset, Tensor w, int wOffset,
      Tensor dx, int dxOffset);

  /**
   * The weight gradient summed over the batch: {@code dw = beta * dw + sum over n of
   * correlation(x[n], dy[n])}; {@code beta} is 0 (overwrite, even NaN) or 1 (accumulate).
   *
   * @param shape the sizes of the convolution
   * @param x the tensor holding the forward input
   * @param xOffset the input's first float
   * @param dy the tensor holding the output gradient
   * @param dyOffset the output gradient's first float
   * @param beta 0 to overwrite {@code dw}, 1 to add to it
   * @param dw the tensor holding the weight gradient, shaped as the weight
   * @param dwOffset the weight gradient's first float
   */
  void convolutionBackwardFilter(ConvolutionShape shape, Tensor x, int xOffset, Tensor dy,
      int dyOffset, float beta, Tensor dw, int dwOffset);

  /**
   * The bias gradient: {@code db[k] = beta * db[k] + sum over n, i, j of dy[n][k][i][j]}.
   *
   * @param shape the sizes of the convolution
   * @param dy the tensor holding the output gradient
   * @param dyOffset the output gradient's first float
   * @param beta 0 to overwrite {@code db}, 1 to add to it
   * @param db the tensor holding the {@code outChannels} bias gradients
   * @param dbOffset the first bias gradient's float
   */
  void convolutionBackwardBias(ConvolutionShape shape, Tensor dy, int dyOffset, float beta, Tensor db,
      int dbOffset);

  /**
   * {@code y} = each window's maximum or mean, as {@link PoolingShape} defines; overwrites
   * {@code y}. PyTorch's {@code max_pool2d} or {@code avg_pool2d}.
   *
   * @param shape the sizes and mode of the pooling
   * @param x the tensor holding the input batch {@code [batch, channels, height, width]}
   * @param xOffset the input's first float
   * @param y the tensor the output {@code [batch, channels, outHeight, outWidth]} is written to
   * @param yOffset the output's first float
   */
  void poolingForward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset);

  /**
   * The input gradient of {@link #poolingForward}: for the maximum, each window's {@code dy} goes
   * to the first cell (in row-major order within the window) that holds the window's maximum of
   * {@code x}; for the mean, spread evenly over the window's cells, padded ones included (and
   * dropped). {@code y} is forward's output. Overwrites {@code dx}; windows that overlap add up.
   *
   * @param shape the sizes and mode of the pooling
   * @param x the tensor holding the forward input
   * @param xOffset the input's first float
   * @param y the tensor holding the forward output
   * @param yOffset the output's first float
   * @param dy the tensor holding the output gradient, shaped as the output
   * @param dyOffset the output gradient's first float
   * @param dx the tensor the input gradient is written to, shaped as the input
   * @param dxOffset the input gradient's first float
   */
  void poolingBackward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset, Tensor dy,
      int dyOffset, Tensor dx, int dxOffset);

  /**
   * Readies {@code shape}'s calls before a repeated step ({@link Execution#repeatedStep}): a
   * device that builds descriptors or allocates scratch memory per shape (the CUDA device) does it
   * here, since a repeated step allows no allocation. A device that needs nothing does nothing.
   *
   * @param shape a convolution the step will run
   * @throws IllegalStateException if called inside a repeated step, or if the device's library
   *     is missing (saying what to install)
   */
  default void prepare(ConvolutionShape shape) {}

  /**
   * As {@link #prepare(ConvolutionShape)}, for a pooling.
   *
   * @param shape a pooling the step will run
   * @throws IllegalStateException if called inside a repeated step, or if the device's library
   *     is missing
   */
  default void prepare(PoolingShape shape) {}
}
