package hypercolumn.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training progress as text. On a terminal a live line per batch is rewritten in place with
 * {@code '\r'} (at most five times a second, so printing never slows training), then replaced
 * by the epoch's line; elsewhere, as in CI logs, only epoch lines:
 *
 * <pre>epoch 3/10  loss 0.3121  acc 0.8861  val_loss 0.3402  val_acc 0.8770  12.3s  48,900 samples/s</pre>
 *
 * <p>Epoch lines are rate-limited: the first and the last epoch are printed, and between them an
 * epoch only once a second has passed since the last line, so hundreds of millisecond epochs on a
 * small data set do not scroll past. A line that stands for several epochs gives the metrics of
 * its last epoch and the time and speed over all of them: the speed of a single short epoch
 * jumps (20x was seen) with the JIT and the machine's load. An epoch left unprinted is printed
 * before any message, such as why training stopped.
 */
final class Progress {
  private static final long LIVE_INTERVAL_NANOS = 200_000_000L;
  /** At most one epoch line per this interval, besides the first and the last. */
  static final long EPOCH_INTERVAL_NANOS = 1_000_000_000L;

  private final PrintStream out;
  private final boolean live;
  private final LongSupplier clock;
  private long lastLiveUpdate;
  private int liveLength;
  private long lastEpochLine;
  private boolean printedAnEpoch;
  /** The last epoch not yet printed, and the totals since the last epoch line. */
  private EpochResult pending;
  private int epochsOfFit;
  private double pendingSeconds;
  private double pendingSamples;
  private double pendingTrainSeconds;

  /** Prints to {@code out}: a line per epoch, and with {@code live} a live line per batch. */
  Progress(PrintStream out, boolean live) {
    this(out, live, false, System::nanoTime);
  }

  /**
   * With {@code quiet}, prints nothing. The stream is kept even then, so that a test can give
   * the same stream to a quiet and a printing instance and see the difference.
   */
  Progress(PrintStream out, boolean live, boolean quiet) {
    this(out, live, quiet, System::nanoTime);
  }

  /** With {@code clock} in place of {@link System#nanoTime()}, for tests. */
  Progress(PrintStream out, boolean live, LongSupplier clock) {
    this(out, live, false, clock);
  }

  private Progress(PrintStream out, boolean live, boolean quiet, LongSupplier clock) {
    this.out = quiet ? null : out;
    this.live = live && this.out != null;
    this.clock = clock;
  }

  void batch(int epoch, int epochs, int batch, int batches, double meanLoss, long epochStart) {
    if (!live) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastLiveUpdate < LIVE_INTERVAL_NANOS && batch != batches) {
      return;
    }
    lastLiveUpdate = now;
    double elapsed = (now - epochStart) / 1e9;
    double eta = elapsed / batch * (batches - batch);
    rewrite(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  ETA %s",
        epoch, epochs, batch, batches, meanLoss, duration(eta)));
  }

  /** An epoch of one sample, for tests of the line's format. */
  void epochEnd(EpochResult e, int epochs) {
    epochEnd(e, epochs, 1);
  }

  /**
   * The end of an epoch that trained {@code samples} samples: printed now, or later with the
   * epochs after it (see the class comment).
   */
  void epochEnd(EpochResult e, int epochs, int samples) {
    if (out == null) {
      return;
    }
    pending = e;
    epochsOfFit = epochs;
    pendingSeconds += e.seconds();
    pendingSamples += samples;
    pendingTrainSeconds += samples / Math.max(e.samplesPerSecond(), 1e-9);
    long now = clock.getAsLong();
    if (!printedAnEpoch || e.epoch() >= epochs || now - lastEpochLine >= EPOCH_INTERVAL_NANOS) {
      printPending();
      lastEpochLine = now;
    }
  }

  private void printPending() {
    EpochResult e = pending;
    int epochs = epochsOfFit;
    StringBuilder line = new StringBuilder(
        String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", e.epoch(), epochs, e.loss()));
    if (e.hasAccuracy()) {
      line.append(String.format(Locale.ROOT, "  acc %.4f", e.accuracy()));
    }
    if (e.hasValidation()) {
      line.append(String.format(Locale.ROOT, "  val_loss %.4f", e.validationLoss()));
      if (!Double.isNaN(e.validationAccuracy())) {
        line.append(String.format(Locale.ROOT, "  val_acc %.4f", e.validationAccuracy()));
      }
    }
    double speed = pendingSamples / Math.max(pendingTrainSeconds, 1e-9);
    line.append(String.format(Locale.ROOT, "  %.1fs  %,d samples/s", pendingSeconds, Math.round(speed)));
    pending = null;
    pendingSeconds = 0;
    pendingSamples = 0;
    pendingTrainSeconds = 0;
    printedAnEpoch = true;
    line(line.toString());
  }

  /** A whole line, after the epoch not yet printed if any, ending any live line first. */
  void message(String text) {
    if (out == null) {
      return;
    }
    if (pending != null) {
      printPending();
    }
    line(text);
  }

  private void line(String text) {
    if (live && liveLength > 0) {
      rewrite(text);
      out.print('\n');
      liveLength = 0;
    } else {
      out.println(text);
    }
    out.flush();
  }

  private void rewrite(String text) {
    out.print('\r');
    out.print(text);
    for (int i = text.length(); i < liveLength; i++) {
      out.print(' ');
    }
    liveLength = text.length();
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s"
        : (s / 3600) + "h" + String.format("%02d", s / 60 % 60) + "m";
  }
}
