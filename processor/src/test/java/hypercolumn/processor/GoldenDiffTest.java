package hypercolumn.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The golden-mismatch message against diffs written out by hand. */
class GoldenDiffTest {
  private static String lines(int from, int to, String prefix) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i + "\n").collect(Collectors.joining());
  }

  @Test
  void equalTextsHaveNoDiff() {
    assertEquals("", GoldenDiff.diff("g.txt", "a\nb\n", "a\nb\n"));
  }

  @Test
  void oneChangedLineShowsWithItsNumberAndTwoLinesOfContext() {
    String golden = "one\ntwo\nthree\nfour\nfive\nsix\n";
    String generated = "one\ntwo\nthree\nFOUR\nfive\nsix\n";
    assertEquals("--- g.txt (golden)\n"
        + "+++ generated\n"
        + "@@ -4,1 +4,1 @@\n"
        + "     2 | two\n"
        + "     3 | three\n"
        + "-    4 | four\n"
        + "+    4 | FOUR\n"
        + "     5 | five\n"
        + "     6 | six\n", GoldenDiff.diff("g.txt", golden, generated));
  }

  @Test
  void anAddedLineAtTheEndIsAnEmptyRemoval() {
    assertEquals("--- g.txt (golden)\n"
        + "+++ generated\n"
        + "@@ -2,0 +2,1 @@\n"
        + "     1 | a\n"
        + "+    2 | b\n"
        + "     2 | \n", GoldenDiff.diff("g.txt", "a\n", "a\nb\n"));
  }

  @Test
  void aLargeChangeIsCutAfterTwentyLinesASide() {
    String diff = GoldenDiff.diff("g.txt", lines(1, 100, "old "), lines(1, 100, "new "));
    assertTrue(diff.startsWith("--- g.txt (golden)\n+++ generated\n@@ -1,100 +1,100 @@\n-    1 | old 1\n"), diff);
    assertTrue(diff.contains("-   20 | old 20\n- ... 80 more lines\n+    1 | new 1\n"), diff);
    assertTrue(diff.endsWith("+   20 | new 20\n+ ... 80 more lines\n   101 | \n"), diff);
    assertEquals(3 + 2 * (GoldenDiff.MAX_LINES + 1) + 1, diff.split("\n").length, diff);
  }

  @Test
  void theMessageSaysToReviewTheDiffAndRegenerateOnlyOnPurpose() {
    String message = GoldenDiff.mismatch("golden/XorNet.java.txt", "a\n", "b\n");
    assertTrue(message.startsWith("generated source differs from golden/XorNet.java.txt:\n--- golden/XorNet.java.txt"), message);
    assertTrue(message.contains("-    1 | a\n+    1 | b\n"), message);
    assertTrue(message.endsWith("Review the diff. If the change is intended, regenerate with"
        + " -Dhypercolumn.regenerateGolden=true and review `git diff` before committing:"
        + " the goldens only detect change, they are not an oracle."), message);
  }
}
