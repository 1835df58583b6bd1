package hypercolumn.runtime;

/**
 * Where a network's memory lives and its operations run: the four seams together, {@link
 * Memory}, {@link Products}, {@link Kernels} and {@link Execution}. Generated code is a straight
 * line of calls to this interface with every shape a constant; the CPU device runs them in Java,
 * the CUDA device through cuBLAS and the network's generated kernels.
 *
 * <p>Calls are ordered: each sees the results of the calls before it. Methods that return a
 * value to the host (the losses below, {@link #download}) wait for the work before them.
 *
 * <p>The losses and the regularizer that return their value are written once, here, over the
 * form of {@link Kernels} that writes to a tensor: they write to the device's {@link
 * #scalarResult()} and read it back.
 */
public interface Device extends Memory, Products, Kernels, Execution {

  /**
   * The device's convolution and pooling ({@link Convolutions}): Java on the CPU, cuDNN on the
   * GPU, made on first use. On the GPU that first use loads cuDNN, so a dense network runs
   * without it.
   *
   * @return this device's convolutions, the same object on every call
   * @throws IllegalStateException if the device is closed
   */
  Convolutions convolutions();

  /**
   * Names the device in one line for logs and reports.
   *
   * @return for example {@code CPU, 2 threads, vector GEMM}
   */
  String describe();

  /**
   * {@link Kernels#softmaxCrossEntropy(Tensor, int, Tensor, int, int, int, boolean, Tensor, int,
   * Tensor, int)} returning the mean loss; a label that is not a class index throws {@link
   * IllegalArgumentException}.
   *
   * @param logits the tensor holding the {@code rows x classes} scores
   * @param logitsOffset the first score's float
   * @param labels the tensor holding one class index per row
   * @param labelsOffset the first label's float
   * @param rows the number of rows (the batch)
   * @param classes the number of classes
   * @param logitsAreProbabilities whether {@code logits} holds softmax probabilities
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float
   * @return the mean loss over the rows, NaN for no rows
   * @throws IllegalArgumentException if a label is not a class index in {@code [0, classes)}
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  default float softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset) {
    ScalarResult result = scalarResult();
    softmaxCrossEntropy(logits, logitsOffset, labels, labelsOffset, rows, classes,
        logitsAreProbabilities, gradient, gradientOffset,
        result.target("softmaxCrossEntropy returning its value"), 0);
    float loss = result.read();
    if (Float.isNaN(loss) && rows > 0 && queuesWork()) {
      // A device that computes as it is called has thrown already; a queued kernel marks a
      // label that is not a class index with NaN, and this finds it for the message.
      float[] host = new float[rows];
      download(labels, labelsOffset, host, 0, rows);
      TensorChecks.checkClassLabels(host, rows, classes);
    }
    return loss;
  }

  /**
   * {@link Kernels#binaryCrossEntropyWithLogits} returning the mean loss.
   *
   * @param logits the tensor holding the scores
   * @param logitsOffset the first score's float
   * @param targets the tensor holding a 0 or 1 target per score
   * @param targetsOffset the first target's float
   * @param count the number of scores
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float
   * @return the mean loss over the scores
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  default float binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset) {
    ScalarResult result = scalarResult();
    binaryCrossEntropyWithLogits(logits, logitsOffset, targets, targetsOffset, count, gradient,
        gradientOffset, result.target("binaryCrossEntropyWithLogits returning its value"), 0);
    return result.read();
  }

  /**
   * {@link Kernels#meanSquaredError} returning the mean loss.
   *
   * @param predictions the tensor holding the outputs
   * @param predictionsOffset the first output's float
   * @param targets the tensor holding the targets
   * @param targetsOffset the first target's float
   * @param count the number of outputs
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float
   * @return the mean squared difference
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  default float meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset) {
    ScalarResult result = scalarResult();
    meanSquaredError(predictions, predictionsOffset, targets, targetsOffset, count, gradient,
        gradientOffset, result.target("meanSquaredError returning its value"), 0);
    return result.read();
  }

  /**
   * {@link Kernels#perceptronCriterion} returning the fraction of wrong outputs.
   *
   * @param predictions the tensor holding the 0/1 outputs
   * @param predictionsOffset the first output's float
   * @param targets the tensor holding the 0/1 targets
   * @param targetsOffset the first target's float
   * @param rows the number of rows (the batch)
   * @param columns the number of outputs per row
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float
   * @return the fraction of outputs that differ from their targets, in {@code [0, 1]}
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  default float perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset) {
    ScalarResult result = scalarResult();
    perceptronCriterion(predictions, predictionsOffset, targets, targetsOffset, rows, columns,
        gradient, gradientOffset, result.target("perceptronCriterion returning its value"), 0);
    return result.read();
  }

  /**
   * {@link Kernels#regularize} returning the penalty.
   *
   * @param parameters the tensor holding the weights
   * @param gradients the tensor holding their gradients, to which the penalty's gradient is added
   * @param offset the first penalised weight's float
   * @param count the number of penalised weights
   * @param l1 the L1 factor
   * @param l2 the L2 factor
   * @return {@code l1 * sum|w| + l2 * sum w^2}
   * @throws IllegalStateException inside a repeated step, where no value can return to the host
   */
  default float regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2) {
    ScalarResult result = scalarResult();
    regularize(parameters, gradients, offset, count, l1, l2,
        result.target("regularize returning its value"), 0);
    return result.read();
  }
}
