package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void epochLineHasEveryMetricInTheDocumentedFormat() {
    new Progress(out, false).epochEnd(new EpochResult(3, 0.31214, 0.88612, 0.34021, 0.877, 12.34, 48_900.4), 10);
    assertEquals(
        "epoch 3/10  loss 0.3121  acc 0.8861  val_loss 0.3402  val_acc 0.8770  12.3s  48,900 samples/s"
            + System.lineSeparator(),
        text());
  }

  @Test
  void regressionWithoutValidationShowsOnlyTheLoss() {
    new Progress(out, false).epochEnd(new EpochResult(1, 2.5, Double.NaN, Double.NaN, Double.NaN, 0.04, 1234.6), 2);
    assertEquals("epoch 1/2  loss 2.5000  0.0s  1,235 samples/s" + System.lineSeparator(), text());
  }

  @Test
  void withoutATerminalBatchesPrintNothing() {
    Progress p = new Progress(out, false);
    for (int b = 1; b <= 50; b++) {
      p.batch(1, 1, b, 50, 0.5, System.nanoTime());
    }
    assertEquals("", text());
  }

  @Test
  void liveLineIsRewrittenInPlaceThenEndedByTheEpochLine() {
    Progress p = new Progress(out, true);
    p.batch(1, 2, 1, 10, 0.9, System.nanoTime() - 1_000_000_000L);
    p.batch(1, 2, 10, 10, 0.5, System.nanoTime() - 1_000_000_000L);
    p.epochEnd(new EpochResult(1, 0.5, Double.NaN, Double.NaN, Double.NaN, 1, 10), 2);
    String s = text();
    assertTrue(s.startsWith("\repoch 1/2  batch 1/10  loss 0.9000  ETA 9s"), s);
    assertTrue(s.contains("\repoch 1/2  batch 10/10  loss 0.5000  ETA 0s"), s);
    assertTrue(s.contains("\repoch 1/2  loss 0.5000  1.0s  10 samples/s"), s);
    assertTrue(s.endsWith("\n"), s);
    assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one finished line: " + s);
    assertEquals(-1, s.indexOf('\u001b'), "no ANSI escapes");
  }

  @Test
  void quietPrintsNothingToTheStreamThatTheSameCallsPrintToOtherwise() {
    printEverything(new Progress(out, true, true));
    assertEquals("", text(), "quiet");
    // The same stream and calls without quiet print, so the check above can fail.
    printEverything(new Progress(out, true, false));
    String s = text();
    assertTrue(s.startsWith("\repoch 1/1  batch 1/1  loss 0.1000"), s);
    assertTrue(s.contains("epoch 1/1  loss 0.1000  acc 0.9000"), s);
    assertTrue(s.endsWith("x" + System.lineSeparator()), s);
  }

  private static void printEverything(Progress p) {
    p.batch(1, 1, 1, 1, 0.1, System.nanoTime());
    p.epochEnd(new EpochResult(1, 0.1, 0.9, 0.1, 0.9, 1, 1), 1);
    p.message("x");
  }

  /** A clock that a test moves by hand. */
  private static final class Clock implements java.util.function.LongSupplier {
    long now;

    @Override
    public long getAsLong() {
      return now;
    }
  }

  @Test
  void shortEpochsPrintTheFirstAndLastAndAtMostALineASecond() {
    Clock clock = new Clock();
    Progress p = new Progress(out, false, clock);
    // 150 epochs of 10 ms; odd epochs train at 1,000 samples/s (0.1 s for 100 samples), even
    // ones at 25,000 (0.004 s): a 25x jump from one epoch to the next.
    for (int e = 1; e <= 150; e++) {
      clock.now += 10_000_000L;
      double speed = e % 2 == 1 ? 1000 : 25_000;
      p.epochEnd(new EpochResult(e, 1.0 / e, Double.NaN, Double.NaN, Double.NaN, 100 / speed, speed), 150, 100);
    }
    String[] lines = text().split(System.lineSeparator());
    // Epoch 1 at 10 ms; the next line once 1 s has passed, at epoch 101 (1,010 ms); then the last.
    assertEquals(3, lines.length, text());
    assertEquals("epoch 1/150  loss 1.0000  0.1s  1,000 samples/s", lines[0]);
    // Epochs 2 to 101: 50 x 0.1 s + 50 x 0.004 s = 5.2 s for 10,000 samples: 1,923 samples/s.
    assertEquals("epoch 101/150  loss 0.0099  5.2s  1,923 samples/s", lines[1]);
    // Epochs 102 to 150: 24 odd (2.4 s) + 25 even (0.1 s) = 2.5 s for 4,900 samples: 1,960/s.
    assertEquals("epoch 150/150  loss 0.0067  2.5s  1,960 samples/s", lines[2]);
  }

  @Test
  void anEpochNotYetPrintedComesBeforeAMessage() {
    Clock clock = new Clock();
    Progress p = new Progress(out, false, clock);
    p.epochEnd(new EpochResult(1, 0.5, Double.NaN, Double.NaN, Double.NaN, 0.01, 100), 10, 1);
    p.epochEnd(new EpochResult(2, 0.25, Double.NaN, Double.NaN, Double.NaN, 0.01, 100), 10, 1);
    p.message("early stopping at epoch 2");
    assertEquals("epoch 1/10  loss 0.5000  0.0s  100 samples/s" + System.lineSeparator()
        + "epoch 2/10  loss 0.2500  0.0s  100 samples/s" + System.lineSeparator()
        + "early stopping at epoch 2" + System.lineSeparator(), text());
  }
}
