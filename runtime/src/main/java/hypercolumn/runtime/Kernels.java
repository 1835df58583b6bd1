package hypercolumn.runtime;

/**
 * The kernels seam of a {@link Device}: element-wise and row-wise work, the network's generated
 * fused kernels and the runtime's own (softmax, the losses, the regularizer, the optimizer
 * updates). Every loss and the regularizer write their mean to a one-float {@code result}
 * tensor rather than return it, so a queuing device need not wait for them and a repeated step
 * may record them; {@link Device} adds the forms that return the value.
 */
public interface Kernels {

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
   * (stored as a float), written to {@code result[resultOffset]} (NaN for no rows). If {@code
   * gradient} is not null, writes {@code (softmax - onehot) / rows} there. If {@code
   * logitsAreProbabilities}, the input is already a softmax output.
   */
  void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset);

  /**
   * Mean binary cross-entropy of sigmoid(logits) against 0/1 targets over all {@code count}
   * elements, written to {@code result[resultOffset]}. If {@code gradient} is not null, writes
   * {@code (sigmoid(x) - t) / count} there.
   */
  void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /**
   * Mean squared error over {@code count} elements, written to {@code result[resultOffset]}. If
   * {@code gradient} is not null, writes {@code 2 * (y - t) / count} there.
   */
  void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /**
   * The perceptron criterion over {@code count} 0/1 outputs of a Heaviside unit: writes the
   * fraction of outputs that differ from their targets to {@code result[resultOffset]} and, if
   * {@code gradient} is not null, {@code (y - t) / rows} there, to be passed straight through
   * the step.
   */
  void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /**
   * L1/L2 penalty on {@code count} parameters from {@code offset}: adds {@code l1 * sign(w) + 2 *
   * l2 * w} to their gradients and writes {@code l1 * sum|w| + l2 * sum w^2} (Keras's
   * regularizers) to {@code result[resultOffset]}.
   */
  void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset);

  /**
   * The float that the value-returning losses of {@link Device} are written to and read from;
   * the same object on every call.
   */
  ScalarResult scalarResult();

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
}
