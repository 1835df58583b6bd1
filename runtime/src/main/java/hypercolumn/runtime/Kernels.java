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
   * @param kernel the generated kernel
   * @param rows the number of rows, each of {@link FusedKernel#columns()} elements
   * @param tensors the kernel's buffers, in the order the generated code passes them
   * @param offsets the float offset of each buffer's first row, in the same order
   * @param scalars the kernel's float arguments, such as a dropout rate
   * @param rngKey the counter-based generator's key for this launch (see {@link Rng#key})
   * @see FusedKernel#runOnHost
   */
  void launch(FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey);

  /**
   * Row-wise softmax of a dense {@code rows x columns} block, {@code torch.softmax(x, dim=1)};
   * {@code in} may equal {@code out}.
   *
   * @param in the tensor holding the input block
   * @param inOffset the input block's first float
   * @param out the tensor the probabilities are written to
   * @param outOffset the output block's first float
   * @param rows the number of rows (the batch)
   * @param columns the number of floats per row (the classes)
   */
  void softmax(Tensor in, int inOffset, Tensor out, int outOffset, int rows, int columns);

  /**
   * Gradient through a row-wise softmax: {@code dx = y * (dy - sum_j(dy * y))} per row, where
   * {@code y} is the softmax output. {@code dx} may equal {@code dy}.
   *
   * @param y the tensor holding the softmax output
   * @param yOffset the first float of {@code y}
   * @param dy the tensor holding the gradient with respect to {@code y}
   * @param dyOffset the first float of {@code dy}
   * @param dx the tensor the gradient with respect to the softmax input is written to
   * @param dxOffset the first float of {@code dx}
   * @param rows the number of rows
   * @param columns the number of floats per row
   */
  void softmaxBackward(
      Tensor y, int yOffset, Tensor dy, int dyOffset, Tensor dx, int dxOffset, int rows, int columns);

  /**
   * Mean softmax cross-entropy of {@code rows x classes} logits against one class index per row
   * (stored as a float), written to {@code result[resultOffset]} (NaN for no rows). If {@code
   * gradient} is not null, writes {@code (softmax - onehot) / rows} there. If {@code
   * logitsAreProbabilities}, the input is already a softmax output. PyTorch's {@code
   * cross_entropy(logits, labels)}, or {@code nll_loss(log(probabilities), labels)}.
   *
   * @param logits the tensor holding the {@code rows x classes} scores, rows contiguous
   * @param logitsOffset the first float of the scores
   * @param labels the tensor holding one class index per row, in {@code [0, classes)}
   * @param labelsOffset the first label's float
   * @param rows the number of rows (the batch)
   * @param classes the number of classes
   * @param logitsAreProbabilities whether {@code logits} holds softmax probabilities rather than
   *     scores
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float, laid out like the input
   * @param result the one-float tensor the loss is written to
   * @param resultOffset the float of {@code result} written
   * @throws IllegalArgumentException on the CPU, if a label is not a class index (a queuing
   *     device writes NaN instead)
   */
  void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset);

  /**
   * Mean binary cross-entropy of sigmoid(logits) against 0/1 targets over all {@code count}
   * elements, written to {@code result[resultOffset]}. If {@code gradient} is not null, writes
   * {@code (sigmoid(x) - t) / count} there. PyTorch's {@code binary_cross_entropy_with_logits}.
   *
   * @param logits the tensor holding the scores
   * @param logitsOffset the first score's float
   * @param targets the tensor holding a 0 or 1 target per score
   * @param targetsOffset the first target's float
   * @param count the number of scores
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float, laid out like the input
   * @param result the one-float tensor the loss is written to
   * @param resultOffset the float of {@code result} written
   */
  void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /**
   * Mean squared error over {@code count} elements, written to {@code result[resultOffset]}. If
   * {@code gradient} is not null, writes {@code 2 * (y - t) / count} there. PyTorch's {@code
   * mse_loss}.
   *
   * @param predictions the tensor holding the outputs {@code y}
   * @param predictionsOffset the first output's float
   * @param targets the tensor holding the targets {@code t}
   * @param targetsOffset the first target's float
   * @param count the number of outputs
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float, laid out like the input
   * @param result the one-float tensor the loss is written to
   * @param resultOffset the float of {@code result} written
   */
  void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /**
   * The perceptron criterion over {@code count} 0/1 outputs of a Heaviside unit: writes the
   * fraction of outputs that differ from their targets to {@code result[resultOffset]} and, if
   * {@code gradient} is not null, {@code (y - t) / rows} there, to be passed straight through
   * the step.
   *
   * @param predictions the tensor holding the 0/1 outputs {@code y}
   * @param predictionsOffset the first output's float
   * @param targets the tensor holding the 0/1 targets {@code t}
   * @param targetsOffset the first target's float
   * @param rows the number of rows (the batch)
   * @param columns the number of outputs per row
   * @param gradient where the gradient of the loss is written, or null for none
   * @param gradientOffset the gradient's first float, laid out like the input
   * @param result the one-float tensor the loss is written to
   * @param resultOffset the float of {@code result} written
   */
  void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset);

  /**
   * L1/L2 penalty on {@code count} parameters from {@code offset}: adds {@code l1 * sign(w) + 2 *
   * l2 * w} to their gradients and writes {@code l1 * sum|w| + l2 * sum w^2} (Keras's
   * regularizers) to {@code result[resultOffset]}.
   *
   * @param parameters the tensor holding the weights {@code w}
   * @param gradients the tensor holding their gradients, added to, laid out like {@code
   *     parameters}
   * @param offset the first penalised weight's float, in both tensors
   * @param count the number of penalised weights
   * @param l1 the L1 factor, at least 0
   * @param l2 the L2 factor, at least 0
   * @param result the one-float tensor the penalty is written to
   * @param resultOffset the float of {@code result} written
   */
  void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset);

  /**
   * The float that the value-returning losses of {@link Device} are written to and read from;
   * the same object on every call.
   *
   * @return the device's one-float result
   */
  ScalarResult scalarResult();

  /**
   * One SGD step over {@code count} parameters, PyTorch's rule with dampening 0. With {@code
   * momentum == 0}: {@code p -= lr * g} and {@code velocity} is ignored (may be null). Otherwise
   * {@code v = momentum * v + g}, then {@code p -= lr * (g + momentum * v)} if {@code nesterov},
   * else {@code p -= lr * v}. A zero velocity makes the first step PyTorch's {@code v = g}.
   *
   * @param parameters the tensor holding the parameters {@code p}, updated
   * @param gradients the tensor holding their gradients {@code g}
   * @param velocity the tensor holding {@code v}, updated; may be null when {@code momentum == 0}
   * @param count the number of parameters, from float 0 of each tensor
   * @param lr the learning rate
   * @param momentum the momentum factor, 0 for none
   * @param nesterov whether to use Nesterov momentum
   */
  void sgdUpdate(
      Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr, float momentum,
      boolean nesterov);

  /**
   * One RMSprop step, PyTorch's rule (not centered): {@code s = alpha * s + (1 - alpha) * g^2},
   * {@code avg = sqrt(s) + eps}; without momentum {@code p -= lr * g / avg}; with momentum
   * {@code b = momentum * b + g / avg}, {@code p -= lr * b}. {@code state} holds {@code s} in
   * {@code [0, count)} and, when {@code momentum > 0}, {@code b} in {@code [count, 2 * count)}.
   *
   * @param parameters the tensor holding the parameters {@code p}, updated
   * @param gradients the tensor holding their gradients {@code g}
   * @param state the tensor holding {@code s} and {@code b}, updated
   * @param count the number of parameters, from float 0 of each tensor
   * @param lr the learning rate
   * @param alpha the smoothing constant of {@code s}
   * @param eps the term added to the denominator
   * @param momentum the momentum factor, 0 for none
   */
  void rmsPropUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float alpha,
      float eps, float momentum);

  /**
   * One Adam step, PyTorch's rule: {@code m = m + (1 - beta1) * (g - m)}, {@code v = beta2 * v +
   * (1 - beta2) * g^2}, {@code p -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps)} with {@code bc_i
   * = 1 - beta_i^step}. {@code state} holds {@code m} in {@code [0, count)} and {@code v} in
   * {@code [count, 2 * count)}; {@code step} counts from 1.
   *
   * @param parameters the tensor holding the parameters {@code p}, updated
   * @param gradients the tensor holding their gradients {@code g}
   * @param state the tensor holding {@code m} and {@code v}, updated
   * @param count the number of parameters, from float 0 of each tensor
   * @param lr the learning rate
   * @param beta1 the decay of the first moment {@code m}
   * @param beta2 the decay of the second moment {@code v}
   * @param eps the term added to the denominator
   * @param step the number of this step, from 1, for the bias corrections
   */
  void adamUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float beta1,
      float beta2, float eps, int step);
}
