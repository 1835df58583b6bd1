package hypercolumn.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress as text. On a terminal a live line per batch is rewritten in place with
 * {@code '\r'} (at most five times a second, so printing never slows training), then replaced
 * by the epoch's line; elsewhere, as in CI logs, exactly one line per epoch:
 *
 * <pre>epoch 3/10  loss 0.3121  acc 0.8861  val_loss 0.3402  val_acc 0.8770  12.3s  48,900 samples/s</pre>
 */
final class Progress {
  private static final long LIVE_INTERVAL_NANOS = 200_000_000L;

  private final PrintStream out;
  private final boolean live;
  private long lastLiveUpdate;
  private int liveLength;

  /** Prints to {@code out}: a line per epoch, and with {@code live} a live line per batch. */
  Progress(PrintStream out, boolean live) {
    this(out, live, false);
  }

  /**
   * With {@code quiet}, prints nothing. The stream is kept even then, so that a test can give
   * the same stream to a quiet and a printing instance and see the difference.
   */
  Progress(PrintStream out, boolean live, boolean quiet) {
    this.out = quiet ? null : out;
    this.live = live && this.out != null;
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

  void epochEnd(EpochResult e, int epochs) {
    if (out == null) {
      return;
    }
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
    line.append(String.format(Locale.ROOT, "  %.1fs  %,d samples/s", e.seconds(), Math.round(e.samplesPerSecond())));
    message(line.toString());
  }

  /** A whole line, ending any live line first. */
  void message(String text) {
    if (out == null) {
      return;
    }
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
