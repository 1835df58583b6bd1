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
  /** The gradient operand of a loss that computes the loss alone. */
  public static final Slice NO_GRADIENT = null;

  private Ops() {}

  /** {@code y = x W^T}. */
  public static void linear(Device device, int batch, int in, int out, Slice x, Slice weight, Slice y) {
    device.gemm(false, true, batch, out, in, 1f, x.tensor(), x.offset(), in, weight.tensor(), weight.offset(), in,
        0f, y.tensor(), y.offset(), out);
  }

  /** {@code dW = dY^T x}, overwriting the weight's gradient. */
  public static void linearWeightGradient(Device device, int batch, int in, int out, Slice dy, Slice x, Slice dWeight) {
    device.gemm(true, false, out, in, batch, 1f, dy.tensor(), dy.offset(), out, x.tensor(), x.offset(), in,
        0f, dWeight.tensor(), dWeight.offset(), in);
  }

  /** {@code dX = dY W}. */
  public static void linearInputGradient(Device device, int batch, int in, int out, Slice dy, Slice weight, Slice dx) {
    device.gemm(false, false, batch, in, out, 1f, dy.tensor(), dy.offset(), out, weight.tensor(), weight.offset(), in,
        0f, dx.tensor(), dx.offset(), in);
  }

  /** {@code sums[c] = sum over the batch of values[row, c]}, overwriting {@code sums}: a bias gradient. */
  public static void sumRows(Device device, int batch, int columns, Slice values, Slice sums) {
    device.sumRows(values.tensor(), values.offset(), batch, columns, 0f, sums.tensor(), sums.offset());
  }

  /**
   * Refuses a training batch of one sample for a batch norm, whose batch statistics need more
   * than one value per channel (PyTorch refuses it too).
   *
   * @throws IllegalArgumentException if {@code batch < 2}
   */
  public static void requireBatchStatistics(int batch, String layer, int channels) {
    if (batch < 2) {
      throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size ["
          + batch + ", " + channels + "] at batch norm '" + layer + "'; train with batches of at least 2 samples,"
          + " or call forward with training = false");
    }
  }

  /** The bias operand of a convolution without one. */
  public static final Slice NO_BIAS = null;

  /** {@code y = conv2d(x, weight) + bias}, NCHW, weight {@code [out, in, kh, kw]}; bias may be {@link #NO_BIAS}. */
  public static void convolution(Device device, ConvolutionShape shape, Slice x, Slice weight, Slice bias, Slice y) {
    device.convolutions().convolutionForward(shape, x.tensor(), x.offset(), weight.tensor(), weight.offset(),
        tensor(bias), offset(bias), y.tensor(), y.offset());
  }

  /** {@code dx} of a convolution from {@code dy} and the weight, overwriting {@code dx}. */
  public static void convolutionInputGradient(Device device, ConvolutionShape shape, Slice dy, Slice weight,
      Slice dx) {
    device.convolutions().convolutionBackwardData(shape, dy.tensor(), dy.offset(), weight.tensor(), weight.offset(),
        dx.tensor(), dx.offset());
  }

  /** {@code dWeight} of a convolution summed over the batch, overwriting it. */
  public static void convolutionWeightGradient(Device device, ConvolutionShape shape, Slice x, Slice dy,
      Slice dWeight) {
    device.convolutions().convolutionBackwardFilter(shape, x.tensor(), x.offset(), dy.tensor(), dy.offset(), 0f,
        dWeight.tensor(), dWeight.offset());
  }

  /** {@code dBias[k]}, the sum of {@code dy} over the batch and channel {@code k}'s cells, overwriting it. */
  public static void convolutionBiasGradient(Device device, ConvolutionShape shape, Slice dy, Slice dBias) {
    device.convolutions().convolutionBackwardBias(shape, dy.tensor(), dy.offset(), 0f, dBias.tensor(),
        dBias.offset());
  }

  /** Max or average pooling of {@code x} into {@code y}, as the shape's mode says. */
  public static void pooling(Device device, PoolingShape shape, Slice x, Slice y) {
    device.convolutions().poolingForward(shape, x.tensor(), x.offset(), y.tensor(), y.offset());
  }

  /** {@code dx} of a pooling with input {@code x} and output {@code y}, overwriting {@code dx}. */
  public static void poolingInputGradient(Device device, PoolingShape shape, Slice x, Slice y, Slice dy, Slice dx) {
    device.convolutions().poolingBackward(shape, x.tensor(), x.offset(), y.tensor(), y.offset(), dy.tensor(),
        dy.offset(), dx.tensor(), dx.offset());
  }

  /** Softmax of each row, in place. */
  public static void softmax(Device device, int batch, int columns, Slice values) {
    device.softmax(values.tensor(), values.offset(), values.tensor(), values.offset(), batch, columns);
  }

  /** The gradient through a softmax with output {@code y}, in place on {@code gradient}. */
  public static void softmaxBackward(Device device, int batch, int columns, Slice y, Slice gradient) {
    device.softmaxBackward(y.tensor(), y.offset(), gradient.tensor(), gradient.offset(), gradient.tensor(),
        gradient.offset(), batch, columns);
  }

  /**
   * Softmax cross entropy of {@code (B, classes)} outputs against class indices; {@code
   * probabilities} says the outputs are already a softmax. Writes the gradient of the logits
   * unless it is {@link #NO_GRADIENT}.
   */
  public static float softmaxCrossEntropy(Device device, int batch, int classes, Slice output, Slice labels,
      boolean probabilities, Slice gradient) {
    return device.softmaxCrossEntropy(output.tensor(), output.offset(), labels.tensor(), labels.offset(), batch, classes,
        probabilities, tensor(gradient), offset(gradient));
  }

  /** {@link #softmaxCrossEntropy} with the loss written to {@code result[resultOffset]}. */
  public static void softmaxCrossEntropy(Device device, int batch, int classes, Slice output, Slice labels,
      boolean probabilities, Slice gradient, Tensor result, int resultOffset) {
    device.softmaxCrossEntropy(output.tensor(), output.offset(), labels.tensor(), labels.offset(), batch, classes,
        probabilities, tensor(gradient), offset(gradient), result, resultOffset);
  }

  /** Binary cross entropy of sigmoid(logits) over {@code count} elements. */
  public static float binaryCrossEntropyWithLogits(Device device, int count, Slice logits, Slice labels, Slice gradient) {
    return device.binaryCrossEntropyWithLogits(logits.tensor(), logits.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient));
  }

  /** {@link #binaryCrossEntropyWithLogits} with the loss written to {@code result[resultOffset]}. */
  public static void binaryCrossEntropyWithLogits(Device device, int count, Slice logits, Slice labels, Slice gradient,
      Tensor result, int resultOffset) {
    device.binaryCrossEntropyWithLogits(logits.tensor(), logits.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient), result, resultOffset);
  }

  /** Mean squared error over {@code count} elements. */
  public static float meanSquaredError(Device device, int count, Slice output, Slice labels, Slice gradient) {
    return device.meanSquaredError(output.tensor(), output.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient));
  }

  /** {@link #meanSquaredError} with the loss written to {@code result[resultOffset]}. */
  public static void meanSquaredError(Device device, int count, Slice output, Slice labels, Slice gradient,
      Tensor result, int resultOffset) {
    device.meanSquaredError(output.tensor(), output.offset(), labels.tensor(), labels.offset(), count,
        tensor(gradient), offset(gradient), result, resultOffset);
  }

  /** The perceptron criterion over {@code (B, columns)} step outputs. */
  public static float perceptronCriterion(Device device, int batch, int columns, Slice output, Slice labels,
      Slice gradient) {
    return device.perceptronCriterion(output.tensor(), output.offset(), labels.tensor(), labels.offset(), batch, columns,
        tensor(gradient), offset(gradient));
  }

  /** {@link #perceptronCriterion} with the error fraction written to {@code result[resultOffset]}. */
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
