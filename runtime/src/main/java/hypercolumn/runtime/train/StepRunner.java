package hypercolumn.runtime.train;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.RepeatedStep;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.data.Dataset;

/**
 * Runs batches through a model with host buffers allocated once: training steps, evaluation and
 * prediction. After construction a training step on the CPU allocates nothing, so the garbage
 * collector stays out of the training loop.
 *
 * <p>Training steps are {@linkplain #submit submitted} and their results {@linkplain
 * #awaitOldest awaited}. On the CPU a step runs when submitted. On a device that queues work
 * (a GPU), a step is queued as a {@link RepeatedStep} (replayed as a CUDA graph after two
 * repetitions), its loss stays in device memory, and its loss and outputs come back through
 * {@link HostCopy}s the host reads one step later: meanwhile the host gathers and uploads the
 * next batch, whose copy runs beside the step. There the step whose loss turns NaN updates the
 * weights before the host learns of it; {@link Fit} then restores the last good epoch's weights,
 * as it does on the CPU.
 */
final class StepRunner implements AutoCloseable {
  private final Model model;
  private final Device device;
  private final Loss loss;
  private final int batchSize;
  private final int outputSize;
  private final boolean measuresAccuracy;
  private final float[] x;
  /** {@link #x} as a tensor the model reads in place, or null where the device cannot. */
  private final Tensor xView;
  private final float[] y;
  private final float[] out;
  private final Regularization regularization;
  /** Regularized parameter ranges, adjacent ones merged: start, count pairs. */
  private final int[] regularizedRanges;
  /** Frozen parameter ranges inside the optimizer's pass, whose gradients it must not see. */
  private final int[] frozenRanges;
  /** Whether any parameter trains; with none, a step updates nothing. */
  private final boolean updates;
  private final boolean queued;
  private final RepeatedStep repeatedStep;
  /** The loss, then each regularized range's penalty, on the device. */
  private final Tensor results;
  private final Pending[] pending;
  private int oldest;
  private int pendingCount;
  private int lastCorrect;
  private int lastBatch;
  private int lastCount;

  StepRunner(Model model, int batchSize, Regularization regularization, TrainedRanges trained) {
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
    this.regularizedRanges = regularization.isNone() ? new int[0] : trained.regularized();
    this.frozenRanges = trained.zeroed();
    this.updates = trained.updateCount() > 0;
    model.reserve(batchSize);
    this.queued = device.queuesWork();
    this.xView = device.hostView(x);
    this.repeatedStep = queued ? device.repeatedStep() : RepeatedStep.RUN_AS_CALLED;
    int resultCount = 1 + regularizedRanges.length / 2;
    this.results = queued ? device.allocate(resultCount) : null;
    this.pending = new Pending[queued ? 2 : 1];
    for (int i = 0; i < pending.length; i++) {
      pending[i] = new Pending(queued, resultCount);
    }
  }

  /**
   * Steps that may stay pending after a {@link #submit} before the caller awaits the oldest: 1
   * on a device that queues work (the host prepares the next batch while the device runs a
   * step), 0 on the CPU.
   */
  int lookahead() {
    return pending.length - 1;
  }

  /** Steps submitted and not yet awaited. */
  int pending() {
    return pendingCount;
  }

  /**
   * Submits the training step of batch number {@code batch}, samples {@code order[from .. from +
   * count - 1]}: runs it on the CPU, queues it on a device that queues work.
   *
   * @throws IllegalStateException if {@link #lookahead()} steps are already pending
   */
  void submit(Dataset data, int[] order, int from, int count, long rngKey, Optimizer optimizer, int batch) {
    if (pendingCount == pending.length) {
      throw new IllegalStateException("await a step before submitting more than " + pending.length);
    }
    Pending slot = pending[(oldest + pendingCount) % pending.length];
    slot.batch = batch;
    slot.count = count;
    if (queued) {
      queueStep(data, order, from, count, rngKey, optimizer, slot);
    } else {
      slot.loss = trainStep(data, order, from, count, rngKey, optimizer);
      slot.correct = lastCorrect;
    }
    pendingCount++;
  }

  /**
   * Waits for the oldest pending step and returns its mean loss with the penalty; {@link
   * #lastCorrect()}, {@link #lastBatch()} and {@link #lastCount()} then describe it.
   */
  float awaitOldest() {
    if (pendingCount == 0) {
      throw new IllegalStateException("no training step is pending");
    }
    Pending slot = pending[oldest];
    oldest = (oldest + 1) % pending.length;
    pendingCount--;
    if (queued) {
      float[] values = slot.results.await();
      float value = values[0];
      for (int i = 1; i <= regularizedRanges.length / 2; i++) {
        value += values[i];
      }
      slot.loss = value;
      if (measuresAccuracy) {
        slot.correct = Accuracy.correct(loss, slot.outputs.await(), slot.labels, slot.count, outputSize);
      }
    }
    lastCorrect = slot.correct;
    lastBatch = slot.batch;
    lastCount = slot.count;
    return slot.loss;
  }

  int lastBatch() {
    return lastBatch;
  }

  int lastCount() {
    return lastCount;
  }

  /** Queues forward, loss, backward, penalty and update as one repeated step, and its results' copies. */
  private void queueStep(
      Dataset data, int[] order, int from, int count, long rngKey, Optimizer optimizer, Pending slot) {
    data.copyBatch(order, from, count, x, y);
    model.setInput(x, 0, count);
    model.setLabels(y, 0, count);
    model.prepareStep(count);
    repeatedStep.begin(count);
    try {
      model.forward(count, true, rngKey);
      model.lossAndGradient(count, results, 0);
      model.backward(count);
      for (int i = 0; i < regularizedRanges.length; i += 2) {
        device.regularize(model.parameterBuffer(), model.gradientBuffer(), regularizedRanges[i],
            regularizedRanges[i + 1], regularization.l1(), regularization.l2(), results, 1 + i / 2);
      }
      update(optimizer);
      repeatedStep.end();
    } catch (RuntimeException | Error e) {
      repeatedStep.abandon();
      throw e;
    }
    slot.results.start(results, 0, results.size());
    if (measuresAccuracy) {
      model.copyOutput(slot.outputs, count);
      System.arraycopy(y, 0, slot.labels, 0, count * model.labelSize());
    }
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
    if (xView != null) {
      model.useInput(xView, 0, count); // the model reads the gathered batch where it is
    } else {
      model.setInput(x, 0, count);
    }
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
      update(optimizer);
    }
    return value;
  }

  /** Hides the frozen layers' gradients from the optimizer, then runs its one pass. */
  private void update(Optimizer optimizer) {
    for (int i = 0; i < frozenRanges.length; i += 2) {
      device.fill(model.gradientBuffer(), frozenRanges[i], frozenRanges[i + 1], 0f);
    }
    if (updates) {
      optimizer.step(model.parameterBuffer(), model.gradientBuffer());
    }
  }

  int lastCorrect() {
    return lastCorrect;
  }

  /** Frees the recordings and host copies of queued steps. */
  @Override
  public void close() {
    repeatedStep.close();
    for (Pending slot : pending) {
      slot.close();
    }
  }

  /** A submitted step: which batch, and its results or their copies on the way. */
  private final class Pending {
    final HostCopy results;
    final HostCopy outputs;
    final float[] labels;
    int batch;
    int count;
    float loss;
    int correct;

    Pending(boolean queued, int resultCount) {
      results = queued ? device.hostCopy(resultCount) : null;
      outputs = queued ? device.hostCopy(batchSize * outputSize) : null; // also for predictions
      labels = queued && measuresAccuracy ? new float[batchSize * model.labelSize()] : null;
    }

    void close() {
      if (results != null) {
        results.close();
      }
      if (outputs != null) {
        outputs.close();
      }
    }
  }

  /**
   * Mean loss (without penalty) and accuracy over the whole data set, in inference mode. Like
   * the predictions, it runs in a {@link ReadOnlyScope} over the parameters, so the CPU device
   * packs each layer's weights for its GEMM once rather than once a batch.
   */
  Evaluation evaluate(Dataset data) {
    double[] lossSum = {0};
    long[] correct = {0};
    long[] answers = {0};
    infer(data.size(), true, (from, count) -> {
      data.copyRange(from, count, x, y);
      model.setInput(x, 0, count);
      model.setLabels(y, 0, count);
    }, (from, count, meanLoss, outputs, labels) -> {
      lossSum[0] += (double) meanLoss * count;
      if (measuresAccuracy) {
        correct[0] += Accuracy.correct(loss, outputs, labels, count, outputSize);
        answers[0] += Accuracy.answers(loss, count, outputSize);
      }
    });
    double accuracy = measuresAccuracy ? (double) correct[0] / answers[0] : Double.NaN;
    return new Evaluation(lossSum[0] / data.size(), accuracy, data.size());
  }

  /** The model's outputs for every sample of the data set, row-major. */
  float[] predict(Dataset data) {
    float[] result = new float[data.size() * outputSize];
    infer(data.size(), false, (from, count) -> {
      data.copyRange(from, count, x, null);
      model.setInput(x, 0, count);
    }, (from, count, meanLoss, outputs, labels) ->
        System.arraycopy(outputs, 0, result, from * outputSize, count * outputSize));
    return result;
  }

  /** The model's outputs for {@code count} samples stored row-major in {@code samples}. */
  float[] predict(float[] samples, int count) {
    int inputSize = model.inputSize();
    float[] result = new float[count * outputSize];
    Tensor view = device.hostView(samples);
    BatchLoader loader = view != null
        ? (from, n) -> model.useInput(view, from * inputSize, n) // read in place, not copied
        : (from, n) -> model.setInput(samples, from * inputSize, n);
    infer(count, false, loader, (from, n, meanLoss, outputs, labels) ->
        System.arraycopy(outputs, 0, result, from * outputSize, n * outputSize));
    return result;
  }

  /** Puts samples {@code [from, from + count)} into the model's input (and labels). */
  private interface BatchLoader {
    void load(int from, int count);
  }

  /**
   * Takes a batch's results: its mean loss (NaN unless asked for), outputs and labels (the
   * labels only when the loss was asked for), each valid for the first {@code count} samples.
   */
  private interface BatchResults {
    void take(int from, int count, float meanLoss, float[] outputs, float[] labels);
  }

  /**
   * Runs the forward pass in inference mode over {@code size} samples in batches, inside a
   * {@link ReadOnlyScope} over the parameters, and hands each batch's results on in order. On a
   * device that queues work, batch b is queued before the results of batch b - 1 are read
   * (through {@link HostCopy}s), so the host loads the next batch while the device runs one.
   */
  private void infer(int size, boolean withLoss, BatchLoader loader, BatchResults sink) {
    if (pendingCount != 0) {
      throw new IllegalStateException("await the pending training steps before inference");
    }
    int batches = (size + batchSize - 1) / batchSize;
    int lag = lookahead();
    boolean wantOutputs = !withLoss || measuresAccuracy;
    try (ReadOnlyScope weights = device.readOnly(model.parameterBuffer())) {
      for (int b = 0; b < batches + lag; b++) {
        if (b < batches) {
          int from = b * batchSize;
          int count = Math.min(batchSize, size - from);
          loader.load(from, count);
          model.forward(count, false, 0L);
          Pending slot = pending[b % pending.length];
          slot.count = count;
          if (!queued) {
            slot.loss = withLoss ? model.loss(count) : Float.NaN;
            if (wantOutputs) {
              model.readOutput(out, 0, count);
            }
          } else {
            if (withLoss) {
              model.loss(count, results, 0);
              slot.results.start(results, 0, 1);
            }
            if (wantOutputs) {
              model.copyOutput(slot.outputs, count);
            }
            if (withLoss && measuresAccuracy) {
              System.arraycopy(y, 0, slot.labels, 0, count * model.labelSize());
            }
          }
        }
        int done = b - lag;
        if (done >= 0) {
          Pending slot = pending[done % pending.length];
          float meanLoss = !withLoss ? Float.NaN : queued ? slot.results.await()[0] : slot.loss;
          float[] outputs = !wantOutputs ? null : queued ? slot.outputs.await() : out;
          float[] labels = queued ? slot.labels : y;
          sink.take(done * batchSize, slot.count, meanLoss, outputs, labels);
        }
      }
    }
  }
}
