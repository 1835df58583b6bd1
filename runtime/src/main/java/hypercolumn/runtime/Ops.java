package hypercolumn.runtime;

/**
 * The device operations of generated passes with named operands, as llm.c writes them: {@code
 * Ops.linear(device, batch, 4, 8, input, hiddenWeight, hidden)} rather than a GEMM with sixteen
 * positional arguments. Each method makes exactly the one device call it names, so a pass costs
 * what it did when the generated code called the device itself.
 *
 * <p>Shapes are PyTorch's Linear: {@code X (B, in)}, {@code W [out, in]}, {@code Y (B, out)}.
 */
public final class Ops {
  /** The gradient operand of a loss that computes the loss alone: no gradient is written. */
  public static final Slice NO_GRADIENT = null;

  private Ops() {}

  /**
   * A dense layer's product {@code y = x W^T}, overwriting {@code y}.
   *
   * @param device the device that runs the product
   * @param batch the number of rows {@code B} of {@code x} and {@code y}
   * @param in the layer's input features, the columns of {@code x} and of the weight
   * @param out the layer's output features, the rows of the weight and the columns of {@code y}
   * @param x the input {@code (B, in)}
   * @param weight the weight {@code [out, in]}
   * @param y the output {@code (B, out)}
   */
  public static void linear(Device device, int batch, int in, int out, Slice x, Slice weight, Slice y) {
    device.gemm(false, true, batch, out, in, 1f, x.tensor(), x.offset(), in, weight.tensor(), weight.offset(), in,
        0f, y.tensor(), y.offset(), out);
  }

  /**
   * A dense layer's weight gradient {@code dW = dY^T x}, summed over the batch and overwriting
   * {@code dWeight}.
   *
   * @param device the device that runs the product
   * @param batch the number of rows {@code B} of {@code dy} and {@code x}
   * @param in the layer's input features
   * @param out the layer's output features
   * @param dy the gradient of the layer's output {@code (B, out)}
   * @param x the layer's forward input {@code (B, in)}
   * @param dWeight the weight's gradient {@code [out, in]}
   */
  public static void linearWeightGradient(Device device, int batch, int in, int out, Slice dy, Slice x, Slice dWeight) {
    device.gemm(true, false, out, in, batch, 1f, dy.tensor(), dy.offset(), out, x.tensor(), x.offset(), in,
        0f, dWeight.tensor(), dWeight.offset(), in);
  }

  /**
   * A dense layer's input gradient {@code dX = dY W}, overwriting {@code dx}.
   *
   * @param device the device that runs the product
   * @param batch the number of rows {@code B} of {@code dy} and {@code dx}
   * @param in the layer's input features
   * @param out the layer's output features
   * @param dy the gradient of the layer's output {@code (B, out)}
   * @param weight the weight {@code [out, in]}
   * @param dx the gradient of the layer's input {@code (B, in)}
   */
  public static void linearInputGradient(Device device, int batch, int in, int out, Slice dy, Slice weight, Slice dx) {
    device.gemm(false, false, batch, in, out, 1f, dy.tensor(), dy.offset(), out, weight.tensor(), weight.offset(), in,
        0f, dx.tensor(), dx.offset(), in);
  }

  /**
   * Column sums {@code sums[c] = sum over the batch of values[row, c]}, overwriting {@code sums}:
   * a dense layer's bias gradient.
   *
   * @param device the device that sums
   * @param batch the number of rows summed
   * @param columns the number of columns, and of sums written
   * @param values the block {@code (B, columns)}
   * @param sums the {@code columns} sums
   */
  public static void sumRows(Device device, int batch, int columns, Slice values, Slice sums) {
    device.sumRows(values.tensor(), values.offset(), batch, columns, 0f, sums.tensor(), sums.offset());
  }

  /**
   * Refuses a training batch of one sample for a batch norm, whose batch statistics need more
   * than one value per channel (PyTorch refuses it too).
   *
   * @param batch the number of samples in the training batch
   * @param layer the batch norm's field name, for the message
   * @param channels the batch norm's features or channels, for the message
   * @throws IllegalArgumentException if {@code batch < 2}
   */
  public static void requireBatchStatistics(int batch, String layer, int channels) {
    if (batch < 2) {
      throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size ["
          + batch + ", " + channels + "] at batch norm '" + layer + "'; train with batches of at least 2 samples,"
          + " or call forward with training = false");
    }
  }

  /** The bias operand of a convolution without one: no bias is added. */
  public static final Slice NO_BIAS = null;

  /**
   * A convolution {@code y = conv2d(x, weight) + bias} on NCHW blocks, overwriting {@code y}
   * ({@link Convolutions#convolutionForward}).
   *
   * @param device the device whose {@link Device#convolutions()} runs it
   * @param shape the convolution's sizes, batch included
   * @param x the input {@code [batch, in, height, width]}
   * @param weight the filters {@code [out, in, kh, kw]}
   * @param bias the {@code out} biases, or {@link #NO_BIAS}
   * @param y the output {@code [batch, out, outHeight, outWidth]}
   */
  public static void convolution(Device device, ConvolutionShape shape, Slice x, Slice weight, Slice bias, Slice y) {
    device.convolutions().convolutionForward(shape, x.tensor(), x.offset(), weight.tensor(), weight.offset(),
        tensor(bias), offset(bias), y.tensor(), y.offset());
  }

  /**
   * A convolution's input gradient from {@code dy} and the weight, overwriting {@code dx}
   * ({@link Convolutions#convolutionBackwardData}).
   *
   * @param device the device whose {@link Device#convolutions()} runs it
   * @param shape the convolution's sizes, batch included
   * @param dy the gradient of the output, shaped as the output
   * @param weight the filters {@code [out, in, kh, kw]}
   * @param dx the gradient of the input, shaped as the input
   */
  public static void convolutionInputGradient(Device device, ConvolutionShape shape, Slice dy, Slice weight,
      Slice dx) {
    device.convolutions().convolutionBackwardData(shape, dy.tensor(), dy.offset(), weight.tensor(), weight.offset(),
        dx.tensor(), dx.offset());
  }

  /**
   * A convolution's weight gradient, summed over the batch and overwriting {@code dWeight}
   * ({@link Convolutions#convolutionBackwardFilter}).
   *
   * @param device the device whose {@link Device#convolutions()} runs it
   * @param shape the convolution's sizes, batch included
   * @param x the forward input, shaped as the input
   * @param dy the gradient of the output, shaped as the output
   * @param dWeight the gradient of the filters {@code [out, in, kh, kw]}
   */
  public static void convolutionWeightGradient(Device device, ConvolutionShape shape, Slice x, Slice dy,
      Slice dWeight) {
    device.convolutions().convolutionBackwardFilter(shape, x.tensor(), x.offset(), dy.tensor(), dy.offset(), 0f,
        dWeight.tensor(), dWeight.offset());
  }

  /**
   * A convolution's bias gradient: {@code dBias[k]} is the sum of {@code dy} over the batch and
   * output channel {@code k}'s cells, overwriting {@code dBias}.
   *
   * @param device the device whose {@link Device#convolutions()} runs it
   * @param shape the convolution's sizes, batch included
   * @param dy the gradient of the output, shaped as the output
   * @param dBias the gradient of the {@code out} biases
   */
  public static void convolutionBiasGradient(Device device, ConvolutionShape shape, Slice dy, Slice dBias) {
    device.convolutions().convolutionBackwardBias(shape, dy.tensor(), dy.offset(), 0f, dBias.tensor(),
        dBias.offset());
  }

  /**
   * Max or average pooling of {@code x} into {@code y}, as the shape's mode says, overwriting
   * {@code y} ({@link Convolutions#poolingForward}).
   *
   * @param device the device whose {@link Device#convolutions()} runs it
   * @param shape the pooling's sizes and mode, batch included
   * @param x the input {@code [batch, channels, height, width]}
   * @param y the output {@code [batch, channels, outHeight, outWidth]}
   */
  public static void pooling(Device device, PoolingShape shape, Slice x, Slice y) {
    device.convolutions().poolingForward(shape, x.tensor(), x.offset(), y.tensor(), y.offset());
  }

  /**
   * A pooling's input gradient, overwriting {@code dx} ({@link Convolutions#poolingBackward}).
   *
   * @param device the device whose {@link Device#convolutions()} runs it
   * @param shape the pooling's sizes and mode, batch included
   * @param x the forward input, which locates each window's maximum
   * @param y the forward output
   * @param dy the gradient of the output, shaped as {@code y}
   * @param dx the gradient of the input, shaped as {@code x}
   */
  public static void poolingInputGradient(Device device, PoolingShape shape, Slice x, Slice y, Slice dy, Slice dx) {
    device.convolutions().poolingBackward(shape, x.tensor(), x.offset(), y.tensor(), y.offset(), dy.tensor(),
        dy.offset(), dx.tensor(), dx.offset());
  }

  /**
   * Softmax of each row, in place: {@code torch.softmax(values, dim=1)}.
   *
   * @param device the device that computes it
   * @param batch the number of rows
   * @param columns the number of values per row
   * @param values the block {@code (B, columns)}, replaced by its probabilities
   */
  public static void softmax(Device device, int batch, int columns, Slice values) {
    device.softmax(values.tensor(), values.offset(), values.tensor(), values.offset(), batch, columns);
  }

  /**
   * The gradient through a row-wise softmax with output {@code y}, in place: {@code gradient}
   * holds the gradient of {@code y} on entry and that of the softmax's input on return.
   *
   * @param device the device that computes it
   * @param batch the number of rows
   * @param columns the number of values per row
   * @param y the softmax's output {@code (B, columns)}
   * @param gradient the gradient {@code (B, columns)}, overwritten
   */
  public static void softmaxBackward(Device device, int batch, int columns, Slice y, Slice gradient) {
    device.softmaxBackward(y.tensor(), y.offset(), gradient.tensor(), gradient.offset(), gradient.tensor(),
        gradient.offset(), batch, columns);
  }

  /**
   * Softmax cross entropy of {@code (B, classes)} outputs against class indices; {@code
   * probabilities} says the outputs are already a softmax. Writes the gradient of the logits
   * unless it is {@link #NO_GRADIENT}.
   *
   * @param device the device that computes it
   * @param batch the number of rows {@code B}
   * @param classes the number of classes
   * @param output the network's output {@code (B, classes)}, scores or probabilities
   * @param labels one class index per row, stored as a float
   * @param probabilities whether {@code output} is already a softmax
   * @param gradient where the gradient of the loss with respect to {@code output} is written, or
   *     {@link #NO_GRADIENT}
   * @return the mean loss over the rows, NaN for no rows
   * @throws IllegalArgumentException if a label is not a class index in {@code [0, classes)}
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  public static float softmaxCrossEntropy(Device device, int batch, int classes, Slice output, Slice labels,
      boolean probabilities, Slice gradient) {
    return device.softmaxCrossEntropy(output.tensor(), output.offset(), labels.tensor(), labels.offset(), batch, classes,
        probabilities, tensor(gradient), offset(gradient));
  }

  /**
   * {@link #softmaxCrossEntropy(Device, int, int, Slice, Slice, boolean, Slice)} with the mean
   * loss written to {@code result[resultOffset]} on the device instead of returned, so it can run
   * inside a repeated step.
   *
   * @param device the device that computes it
   * @param batch the number of rows {@code B}
   * @param classes the number of classes
   * @param output the network's output {@code (B, classes)}, scores or probabilities
   * @param labels one class index per row, stored as a float
   * @param probabilities whether {@code output} is already a softmax
   * @param gradient where the gradient of the loss is written, or {@link #NO_GRADIENT}
   * @param result the tensor the loss is written to
   * @param resultOffset the float of {@code result} written
   */
  public static void softmaxCrossEntropy(Device device, int batch, int classes, Slice output, Slice labels,
      boolean probabilities, Slice gradient, Tensor result, int resultOffset) {
    device.softmaxCrossEntropy(output.tensor(), output.offset(), labels.tensor(), labels.offset(), batch, classes,
        probabilities, tensor(gradient), offset(gradient), result, resultOffset);
  }

  /**
   * Mean binary cross entropy of {@code sigmoid(logits)} against 0/1 labels over {@code count}
   * elements: PyTorch's {@code binary_cross_entropy_with_logits}.
   *
   * @param device the device that computes it
   * @param count the number of logits
   * @param logits the network's scores
   * @param labels a 0 or 1 target per score
   * @param gradient where the gradient of the loss with respect to the logits is written, or
   *     {@link #NO_GRADIENT}
   * @return the mean loss over the elements
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  public static float binaryCrossEntropyWithLogits(Device device, int count, Slice logits, Slice labels, Slice gradient) {
    return device.binaryCrossEntropyWithLogits(logits.tensor(), logits.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient));
  }

  /**
   * {@link #binaryCrossEntropyWithLogits(Device, int, Slice, Slice, Slice)} with the mean loss
   * written to {@code result[resultOffset]} on the device instead of returned.
   *
   * @param device the device that computes it
   * @param count the number of logits
   * @param logits the network's scores
   * @param labels a 0 or 1 target per score
   * @param gradient where the gradient of the loss is written, or {@link #NO_GRADIENT}
   * @param result the tensor the loss is written to
   * @param resultOffset the float of {@code result} written
   */
  public static void binaryCrossEntropyWithLogits(Device device, int count, Slice logits, Slice labels, Slice gradient,
      Tensor result, int resultOffset) {
    device.binaryCrossEntropyWithLogits(logits.tensor(), logits.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient), result, resultOffset);
  }

  /**
   * Mean squared error over {@code count} elements: PyTorch's {@code mse_loss}.
   *
   * @param device the device that computes it
   * @param count the number of outputs
   * @param output the network's outputs
   * @param labels the targets, one per output
   * @param gradient where the gradient of the loss with respect to the outputs is written, or
   *     {@link #NO_GRADIENT}
   * @return the mean squared difference
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  public static float meanSquaredError(Device device, int count, Slice output, Slice labels, Slice gradient) {
    return device.meanSquaredError(output.tensor(), output.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient));
  }

  /**
   * {@link #meanSquaredError(Device, int, Slice, Slice, Slice)} with the mean squared difference
   * written to {@code result[resultOffset]} on the device instead of returned.
   *
   * @param device the device that computes it
   * @param count the number of outputs
   * @param output the network's outputs
   * @param labels the targets, one per output
   * @param gradient where the gradient of the loss is written, or {@link #NO_GRADIENT}
   * @param result the tensor the loss is written to
   * @param resultOffset the float of {@code result} written
   */
  public static void meanSquaredError(Device device, int count, Slice output, Slice labels, Slice gradient,
      Tensor result, int resultOffset) {
    device.meanSquaredError(output.tensor(), output.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient), result, resultOffset);
  }

  /**
   * The perceptron criterion over {@code (B, columns)} 0/1 outputs of a Heaviside step; its
   * gradient {@code (y - t) / B} is passed straight through the step.
   *
   * @param device the device that computes it
   * @param batch the number of rows {@code B}
   * @param columns the number of outputs per row
   * @param output the step's 0/1 outputs
   * @param labels the 0/1 targets, one per output
   * @param gradient where the gradient is written, or {@link #NO_GRADIENT}
   * @return the fraction of outputs that differ from their targets, in {@code [0, 1]}
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  public static float perceptronCriterion(Device device, int batch, int columns, Slice output, Slice labels,
      Slice gradient) {
    return device.perceptronCriterion(output.tensor(), output.offset(), labels.tensor(), labels.offset(), batch, columns,
        tensor(gradient), offset(gradient));
  }

  /**
   * {@link #perceptronCriterion(Device, int, int, Slice, Slice, Slice)} with the fraction of
   * wrong outputs written to {@code result[resultOffset]} on the device instead of returned.
   *
   * @param device the device that computes it
   * @param batch the number of rows {@code B}
   * @param columns the number of outputs per row
   * @param output the step's 0/1 outputs
   * @param labels the 0/1 targets, one per output
   * @param gradient where the gradient is written, or {@link #NO_GRADIENT}
   * @param result the tensor the fraction is written to
   * @param resultOffset the float of {@code result} written
   */
  public static void perceptronCriterion(Device device, int batch, int columns, Slice output, Slice labels,
      Slice gradient, Tensor result, int resultOffset) {
    device.perceptronCriterion(output.tensor(), output.offset(), labels.tensor(), labels.offset(), batch, columns,
        tensor(gradient), offset(gradient), result, resultOffset);
  }

  private static Tensor tensor(Slice slice) {
    return slice == null ? null : slice.tensor();
  }

  private static int offset(Slice slice) {
    return slice == null ? 0 : slice.offset();
  }
}
