package hypercolumn.runtime.cpu;

import static hypercolumn.runtime.cpu.HostArguments.checkRange;

import hypercolumn.runtime.Tensor;

/**
 * The CPU device's losses and regularizer: each checks its arguments (the result slot first, so
 * a bad result tensor fails before the gradient is written), sums its terms in double through
 * {@link Pointwise} or {@link Jobs}, and writes the mean to the result tensor.
 */
final class HostLosses {
  private final HostArguments arguments;
  private final Jobs jobs;

  HostLosses(HostArguments arguments, Jobs jobs) {
    this.arguments = arguments;
    this.jobs = jobs;
  }

  void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset) {
    float[] out = arguments.resultSlot(result, resultOffset);
    float[] x = arguments.host(logits, "logits");
    float[] t = arguments.host(labels, "labels");
    checkRange(x, logitsOffset, rows * classes, "logits");
    checkRange(t, labelsOffset, rows, "labels");
    float[] g = arguments.optionalGradient(gradient, gradientOffset, rows * classes);
    if (rows == 0) {
      out[resultOffset] = Float.NaN;
      return;
    }
    double total = Pointwise.softmaxCrossEntropy(x, logitsOffset, t, labelsOffset, 0, rows,
        classes, logitsAreProbabilities, g, gradientOffset, 1f / rows);
    out[resultOffset] = (float) (total / rows);
  }

  void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    float[] out = arguments.resultSlot(result, resultOffset);
    float[] x = arguments.host(logits, "logits");
    float[] t = arguments.host(targets, "targets");
    checkRange(x, logitsOffset, count, "logits");
    checkRange(t, targetsOffset, count, "targets");
    float[] g = arguments.optionalGradient(gradient, gradientOffset, count);
    double total = Pointwise.binaryCrossEntropyWithLogits(
        x, logitsOffset, t, targetsOffset, 0, count, g, gradientOffset, 1f / count);
    out[resultOffset] = (float) (total / count);
  }

  void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    float[] out = arguments.resultSlot(result, resultOffset);
    float[] y = arguments.host(predictions, "predictions");
    float[] t = arguments.host(targets, "targets");
    checkRange(y, predictionsOffset, count, "predictions");
    checkRange(t, targetsOffset, count, "targets");
    float[] g = arguments.optionalGradient(gradient, gradientOffset, count);
    double total = Pointwise.squaredError(
        y, predictionsOffset, t, targetsOffset, 0, count, g, gradientOffset, 1f / count);
    out[resultOffset] = (float) (total / count);
  }

  void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    float[] out = arguments.resultSlot(result, resultOffset);
    float[] y = arguments.host(predictions, "predictions");
    float[] t = arguments.host(targets, "targets");
    int count = rows * columns;
    checkRange(y, predictionsOffset, count, "predictions");
    checkRange(t, targetsOffset, count, "targets");
    float[] g = arguments.optionalGradient(gradient, gradientOffset, count);
    int errors = Pointwise.perceptronErrors(
        y, predictionsOffset, t, targetsOffset, 0, count, g, gradientOffset, 1f / rows);
    out[resultOffset] = (float) errors / count;
  }

  void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset) {
    float[] out = arguments.resultSlot(result, resultOffset);
    float[] p = arguments.host(parameters, "parameters");
    float[] g = arguments.writable(gradients, "gradients");
    checkRange(p, offset, count, "parameters");
    checkRange(g, offset, count, "gradients");
    out[resultOffset] = jobs.regularize(p, g, offset, count, l1, l2);
  }
}
