package hypercolumn.runtime.train;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.data.Dataset;
import java.util.List;

/**
 * Runs batches through a model with host buffers allocated once: training steps, evaluation and
 * prediction. After construction a training step allocates nothing, so the garbage collector
 * stays out of the training loop.
 */
final class StepRunner {
  private final Model model;
  private final Device device;
  private final Loss loss;
  private final int batchSize;
  private final int outputSize;
  private final boolean measuresAccuracy;
  private final float[] x;
  private final float[] y;
  private final float[] out;
  private final Regularization regularization;
  /** Regularized parameter ranges, adjacent ones merged: start, count pairs. */
  private final int[] regularizedRanges;
  private int lastCorrect;

  StepRunner(Model model, int batchSize, Regularization regularization) {
    this.model = model;
    this.device = model.device();
    this.loss = model.loss();
    this.batchSize = batchSize;
    this.outputSize = model.outputSize();
    this.measuresAccuracy = Accuracy.measured(loss);
    this.x = new float[batchSize * model.inputSize()];
    this.y = new float[batchSize * model.labelSize()];
    this.out = new float[batchSize * outputSize];
    this.regularization = regularization;
    this.regularizedRanges = regularizedRanges(model.parameters());
    model.reserve(batchSize);
  }

  int batchSize() {
    return batchSize;
  }

  /**
   * One training step on samples {@code order[from .. from + count - 1]}: forward, loss,
   * backward, penalty, update. Returns the batch's mean loss with the penalty; {@link
   * #lastCorrect()} then holds the right answers counted from the outputs before the update.
   */
  float trainStep(Dataset data, int[] order, int from, int count, long rngKey, Optimizer optimizer) {
    data.copyBatch(order, from, count, x, y);
    model.setInput(x, 0, count);
    model.setLabels(y, 0, count);
    model.forward(count, true, rngKey);
    float value = model.lossAndGradient(count);
    model.backward(count);
    if (!regularization.isNone()) {
      for (int i = 0; i < regularizedRanges.length; i += 2) {
        value += device.regularize(model.parameterBuffer(), model.gradientBuffer(),
            regularizedRanges[i], regularizedRanges[i + 1], regularization.l1(), regularization.l2());
      }
    }
    if (measuresAccuracy) {
      model.readOutput(out, 0, count);
      lastCorrect = Accuracy.correct(loss, out, y, count, outputSize);
    }
    if (Float.isFinite(value)) {
      optimizer.step(model.parameterBuffer(), model.gradientBuffer());
    }
    return value;
  }

  int lastCorrect() {
    return lastCorrect;
  }

  /** Mean loss (without penalty) and accuracy over the whole data set, in inference mode. */
  Evaluation evaluate(Dataset data) {
    double lossSum = 0;
    long correct = 0;
    long answers = 0;
    for (int from = 0; from < data.size(); from += batchSize) {
      int count = Math.min(batchSize, data.size() - from);
      data.copyRange(from, count, x, y);
      model.setInput(x, 0, count);
      model.setLabels(y, 0, count);
      model.forward(count, false, 0L);
      lossSum += (double) model.loss(count) * count;
      if (measuresAccuracy) {
        model.readOutput(out, 0, count);
        correct += Accuracy.correct(loss, out, y, count, outputSize);
        answers += Accuracy.answers(loss, count, outputSize);
      }
    }
    double accuracy = measuresAccuracy ? (double) correct / answers : Double.NaN;
    return new Evaluation(lossSum / data.size(), accuracy, data.size());
  }

  /** The model's outputs for every sample of the data set, row-major. */
  float[] predict(Dataset data) {
    float[] result = new float[data.size() * outputSize];
    for (int from = 0; from < data.size(); from += batchSize) {
      int count = Math.min(batchSize, data.size() - from);
      data.copyRange(from, count, x, null);
      model.setInput(x, 0, count);
      model.forward(count, false, 0L);
      model.readOutput(result, from * outputSize, count);
    }
    return result;
  }

  /** The model's outputs for {@code count} samples stored row-major in {@code samples}. */
  float[] predict(float[] samples, int count) {
    int inputSize = model.inputSize();
    float[] result = new float[count * outputSize];
    for (int from = 0; from < count; from += batchSize) {
      int n = Math.min(batchSize, count - from);
      model.setInput(samples, from * inputSize, n);
      model.forward(n, false, 0L);
      model.readOutput(result, from * outputSize, n);
    }
    return result;
  }

  private static int[] regularizedRanges(List<Parameter> parameters) {
    int[] ranges = new int[2 * parameters.size()];
    int n = 0;
    for (Parameter p : parameters) {
      if (!p.regularized() || p.size() == 0) {
        continue;
      }
      if (n > 0 && ranges[n - 2] + ranges[n - 1] == p.offset()) {
        ranges[n - 1] += p.size();
      } else {
        ranges[n++] = p.offset();
        ranges[n++] = p.size();
      }
    }
    return java.util.Arrays.copyOf(ranges, n);
  }
}
