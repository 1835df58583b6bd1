package hypercolumn.runtime.train;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.data.Dataset;
import java.util.Locale;

/**
 * One run of {@link Trainer#fit}: the epoch loop, its bookkeeping, divergence handling and
 * callbacks. The weights at the end of the last good epoch are kept in a host snapshot, so a
 * loss that turns NaN costs at most one epoch.
 */
final class Fit {
  private final Trainer trainer;
  private final Model model;
  private final Device device;
  private final Optimizer optimizer;
  private final Dataset train;
  private final Dataset validation;
  private final int epochs;
  private final StepRunner runner;
  private final Progress progress;
  private final History history = new History();
  private final TrainingContext context;
  private float[] lastGood;
  private float[] candidate;
  private int lastGoodEpoch;

  /** A fit on {@code train}, evaluating {@code validation} (may be null) after every epoch. */
  Fit(Trainer trainer, Dataset train, Dataset validation) {
    this.trainer = trainer;
    this.model = trainer.model();
    this.device = model.device();
    this.optimizer = trainer.optimizer();
    this.train = train;
    this.validation = validation;
    this.epochs = trainer.epochs();
    this.runner = trainer.runner();
    this.progress = trainer.newProgress();
    this.context = new TrainingContext(model, optimizer, epochs, validation != null, history);
  }

  History run() {
    int updated = trainer.trainedRanges().updateCount();
    if (updated > 0) { // with every layer frozen, no step calls the optimizer
      optimizer.attach(device, updated);
    }
    lastGood = new float[model.parameterCount()];
    candidate = new float[model.parameterCount()];
    device.download(model.parameterBuffer(), 0, lastGood, 0, lastGood.length);
    for (Callback callback : trainer.callbackList()) {
      callback.onTrainBegin(context);
    }
    int size = train.size();
    int batchSize = runner.batchSize();
    int batches = (size + batchSize - 1) / batchSize;
    int[] order = new int[size];
    long step = 0;
    epochs:
    for (int epoch = 1; epoch <= epochs; epoch++) {
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Dataset.shuffle(order, trainer.shuffleKey(epoch));
      long start = System.nanoTime();
      double lossSum = 0;
      long correct = 0;
      long answers = 0;
      for (int batch = 0; batch < batches; batch++) {
        int from = batch * batchSize;
        int count = Math.min(batchSize, size - from);
        runner.submit(train, order, from, count, trainer.dropoutKey(step++), optimizer, batch);
        // A device that queues work runs this step while the host reads the one before.
        int mayStayPending = batch == batches - 1 ? 0 : runner.lookahead();
        while (runner.pending() > mayStayPending) {
          float loss = runner.awaitOldest();
          int done = runner.lastBatch();
          if (!Float.isFinite(loss)) {
            while (runner.pending() > 0) {
              runner.awaitOldest();
            }
            diverge(String.format(Locale.ROOT, "the loss became %s at epoch %d, batch %d/%d", loss,
                epoch, done + 1, batches));
            break epochs;
          }
          lossSum += (double) loss * runner.lastCount();
          correct += runner.lastCorrect();
          answers += Accuracy.answers(model.loss(), runner.lastCount(), model.outputSize());
          progress.batch(epoch, epochs, done + 1, batches,
              lossSum / ((long) done * batchSize + runner.lastCount()), start);
        }
      }
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      device.download(model.parameterBuffer(), 0, candidate, 0, candidate.length);
      int bad = firstNonFinite(candidate);
      if (bad >= 0) {
        diverge(String.format(Locale.ROOT, "parameter %d became %s at the end of epoch %d", bad,
            candidate[bad], epoch));
        break;
      }
      Evaluation val = validation != null ? runner.evaluate(validation) : null;
      if (val != null && !Double.isFinite(val.loss())) {
        diverge(String.format(Locale.ROOT, "the validation loss became %s at epoch %d", val.loss(), epoch));
        break;
      }
      float[] swap = lastGood;
      lastGood = candidate;
      candidate = swap;
      lastGoodEpoch = epoch;
      EpochResult result = new EpochResult(
          epoch,
          lossSum / size,
          Accuracy.measured(model.loss()) ? (double) correct / answers : Double.NaN,
          val != null ? val.loss() : Double.NaN,
          val != null ? val.accuracy() : Double.NaN,
          (System.nanoTime() - start) / 1e9,
          size / Math.max(trainSeconds, 1e-9));
      history.add(result);
      progress.epochEnd(result, epochs, size);
      if (stopRequested(result)) {
        break;
      }
    }
    runner.close();
    for (Callback callback : trainer.callbackList()) {
      callback.onTrainEnd(context, history);
    }
    return history;
  }

  /** Asks every callback (all of them, even once one said stop). */
  private boolean stopRequested(EpochResult result) {
    String message = null;
    for (Callback callback : trainer.callbackList()) {
      if (callback.onEpochEnd(context, result) && message == null) {
        message = callback.stopMessage();
      }
    }
    if (message == null) {
      return false;
    }
    history.stop(StopReason.CALLBACK, message);
    progress.message(message);
    return true;
  }

  private void diverge(String what) {
    device.upload(lastGood, 0, model.parameterBuffer(), 0, lastGood.length);
    String restored = lastGoodEpoch == 0 ? "the initial weights" : "the weights from the end of epoch " + lastGoodEpoch;
    String message = String.format(Locale.ROOT,
        "training diverged: %s; restored %s. Try a lower learning rate than %s.", what, restored,
        optimizer.learningRate());
    history.stop(StopReason.DIVERGED, message);
    progress.message(message);
  }

  private static int firstNonFinite(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }
}
