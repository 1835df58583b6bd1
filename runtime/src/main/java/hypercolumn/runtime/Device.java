package hypercolumn.runtime;

/**
 * Where a network's memory lives and its operations run. Generated code is a straight line of
 * calls to this interface with every shape a constant; the CPU device runs them in Java, the
 * CUDA device through cuBLAS, cuDNN and the network's generated kernels.
 *
 * <p>Layout contract: float32, row-major, element offsets. A matrix argument is given by its
 * tensor, the offset of its first element and its leading dimension (elements between the
 * starts of two consecutive rows).
 *
 * <p>Calls are ordered: each sees the results of the calls before it. Methods that return a
 * value to the host (the losses, {@link #download}) wait for the work before them.
 */
public interface Device extends AutoCloseable {

  /** One line naming the device, for example {@code CPU, 2 threads}. */
  String describe();

  /** Allocates {@code size} floats, all zero. */
  Tensor allocate(int size);

  /** Copies {@code count} floats from host memory into the tensor. */
  void upload(float[] source, int sourceOffset, Tensor target, int targetOffset, int count);

  /** Copies {@code count} floats from the tensor into host memory. */
  void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count);

  /** Copies {@code count} floats between tensors of this device. */
  void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count);

  /** Sets {@code count} floats to {@code value}. */
  void fill(Tensor target, int offset, int count, float value);

  /**
   * General matrix product {@code C = alpha * op(A) * op(B) + beta * C}, row-major, where
   * {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n} and {@code C} is {@code m x n};
   * {@code op(X)} is {@code X} or, if its flag is set, its transpose. With {@code beta == 0}
   * the old contents of {@code C} are ignored, even NaN.
   */
  void gemm(
      boolean transposeA,
      boolean transposeB,
      int m,
      int n,
      int k,
      float alpha,
      Tensor a,
      int aOffset,
      int lda,
      Tensor b,
      int bOffset,
      int ldb,
      float beta,
      Tensor c,
      int cOffset,
      int ldc);

  /**
   * Column sums of a dense {@code rows x columns} block: {@code out[j] = sum_i in[i][j] + beta *
   * out[j]}. This is the bias gradient of a dense layer.
   */
  void sumRows(Tensor in, int inOffset, int rows, int columns, float beta, Tensor out, int outOffset);

  /**
   * Runs a generated pointwise kernel over {@code rows} rows.
   *
   * @see FusedKernel#runOnHost
   */
  void launch(FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey);

  /** Row-wise softmax of a dense {@code rows x columns} block; {@code in} may equal {@code out}. */
  void softmax(Tensor in, int inOffset, Tensor out, int outOffset, int rows, int columns);

  /**
   * Gradient through a row-wise softmax: {@code dx = y * (dy - sum_j(dy * y))} per row, where
   * {@code y} is the softmax output. {@code dx} may equal {@code dy}.
   */
  void softmaxBackward(
      Tensor y, int yOffset, Tensor dy, int dyOffset, Tensor dx, int dxOffset, int rows, int columns);

  /**
   * Mean softmax cross-entropy of {@code rows x classes} logits against one class index per row
   * (stored as a float). If {@code gradient} is not null, writes {@code (softmax - onehot) /
   * rows} there. If {@code logitsAreProbabilities}, the input is already a softmax output.
   *
   * @return the mean loss over the rows
   */
  float softmaxCrossEntropy(
      Tensor logits,
      int logitsOffset,
      Tensor labels,
      int labelsOffset,
      int rows,
      int classes,
      boolean logitsAreProbabilities,
      Tensor gradient,
      int gradientOffset);

  /**
   * Mean binary cross-entropy of sigmoid(logits) against 0/1 targets, over all {@code count}
   * elements. If {@code gradient} is not null, writes {@code (sigmoid(x) - t) / count} there.
   */
  float binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset);

  /**
   * Mean squared error over {@code count} elements. If {@code gradient} is not null, writes
   * {@code 2 * (y - t) / count} there.
   */
  float meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset);

  /**
   * The perceptron criterion over {@code count} 0/1 outputs of a Heaviside unit: returns the
   * fraction of outputs that differ from their targets and, if {@code gradient} is not null,
   * writes {@code (y - t) / rows} there, to be passed straight through the step.
   */
  float perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset);

  /**
   * {@link #softmaxCrossEntropy(Tensor, int, Tensor, int, int, int, boolean, Tensor, int)} that
   * writes the mean loss to {@code result[resultOffset]} on this device instead of returning it,
   * so the host does not wait for it (read it later through a {@link HostCopy}).
   */
  void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset);

  /** {@link #binaryCrossEntropyWithLogits} with its mean written to {@code result[resultOffset]}. */
  void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /** {@link #meanSquaredError} with its mean written to {@code result[resultOffset]}. */
  void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /** {@link #perceptronCriterion} with its error fraction written to {@code result[resultOffset]}. */
  void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /**
   * L1/L2 penalty on {@code count} parameters from {@code offset}: adds {@code l1 * sign(w) + 2 *
   * l2 * w} to their gradients and returns {@code l1 * sum|w| + l2 * sum w^2} (Keras's
   * regularizers).
   */
  float regularize(Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2);

  /** {@link #regularize} with its penalty written to {@code result[resultOffset]}. */
  void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset);

  /**
   * One SGD step over {@code count} parameters, PyTorch's rule with dampening 0. With {@code
   * momentum == 0}: {@code p -= lr * g} and {@code velocity} is ignored (may be null). Otherwise
   * {@code v = momentum * v + g}, then {@code p -= lr * (g + momentum * v)} if {@code nesterov},
   * else {@code p -= lr * v}. A zero velocity makes the first step PyTorch's {@code v = g}.
   */
  void sgdUpdate(
      Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr, float momentum,
      boolean nesterov);

  /**
   * One RMSprop step, PyTorch's rule (not centered): {@code s = alpha * s + (1 - alpha) * g^2},
   * {@code avg = sqrt(s) + eps}; without momentum {@code p -= lr * g / avg}; with momentum
   * {@code b = momentum * b + g / avg}, {@code p -= lr * b}. {@code state} holds {@code s} in
   * {@code [0, count)} and, when {@code momentum > 0}, {@code b} in {@code [count, 2 * count)}.
   */
  void rmsPropUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float alpha,
      float eps, float momentum);

  /**
   * One Adam step, PyTorch's rule: {@code m = m + (1 - beta1) * (g - m)}, {@code v = beta2 * v +
   * (1 - beta2) * g^2}, {@code p -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps)} with {@code bc_i
   * = 1 - beta_i^step}. {@code state} holds {@code m} in {@code [0, count)} and {@code v} in
   * {@code [count, 2 * count)}; {@code step} counts from 1.
   */
  void adamUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float beta1,
      float beta2, float eps, int step);

  /**
   * Whether calls queue work and return before it is done (a GPU) rather than do it (the CPU).
   * A caller that reads results later, through {@link HostCopy}, keeps such a device busy while
   * it prepares the next batch.
   */
  default boolean queuesWork() {
    return false;
  }

  /**
   * A tensor of this device over {@code values} itself, not a copy, where the device computes on
   * host memory (the CPU); null where it cannot (a GPU). A model can then read its input from the
   * caller's array ({@link Model#useInput}).
   */
  default Tensor hostView(float[] values) {
    return null;
  }

  /** A reusable copy of up to {@code capacity} floats from this device to the host. */
  HostCopy hostCopy(int capacity);

  /**
   * Promises that nothing writes {@code tensor} until the returned scope is closed, so the device
   * may keep copies of it in other layouts and reuse them (see {@link ReadOnlyScope}). A device
   * call that would write the tensor meanwhile throws {@link IllegalStateException}; writes
   * through {@link Tensor#hostArray()} or by a fused kernel are the caller's to avoid. The default
   * keeps nothing. A scope opened while one over the same tensor is open is nested in it: its
   * close changes nothing, and the outer one stays in charge.
   *
   * @throws IllegalStateException if a read-only scope over another tensor of this device is open
   */
  default ReadOnlyScope readOnly(Tensor tensor) {
    return ReadOnlyScope.NONE;
  }

  /**
   * The recorder of a step that repeats with the same calls, such as a training step: a device
   * may record it once and replay the recording (see {@link RepeatedStep}). The default runs
   * every call as it comes.
   */
  default RepeatedStep repeatedStep() {
    return RepeatedStep.RUN_AS_CALLED;
  }

  /** Releases the device's memory and threads. Tensors of a closed device must not be used. */
  @Override
  void close();
}
