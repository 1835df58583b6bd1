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
}
