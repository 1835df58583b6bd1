package hypercolumn.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Stratified and three-way splits on a data set whose only feature is the sample's own index, so
 * every part can be traced back to the samples it holds. The class counts each part must hold
 * are worked out by hand below; "no sample lost or duplicated" is checked by counting indices.
 */
class SplitsTest {
  /** 20 samples: class 0 has 10, class 1 has 7, class 2 has 3, interleaved. */
  private static final int[] CLASSES = {0, 1, 0, 2, 0, 1, 0, 1, 0, 2, 0, 1, 0, 1, 0, 2, 0, 1, 0, 1};

  private static Dataset indexed() {
    float[][] x = new float[CLASSES.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new float[] {i};
    }
    return Dataset.of(x, CLASSES);
  }

  private static int[] classCounts(Dataset part) {
    int[] counts = new int[3];
    for (int i = 0; i < part.size(); i++) {
      counts[(int) part.label(i, 0)]++;
    }
    return counts;
  }

  /** Every sample index appears exactly once across the parts, with its own label. */
  private static void assertPartition(Dataset... parts) {
    int[] seen = new int[CLASSES.length];
    for (Dataset part : parts) {
      for (int i = 0; i < part.size(); i++) {
        int sample = (int) part.feature(i, 0);
        seen[sample]++;
        assertEquals(CLASSES[sample], (int) part.label(i, 0), "label of sample " + sample);
      }
    }
    int[] once = new int[CLASSES.length];
    Arrays.fill(once, 1);
    assertArrayEquals(once, seen, "times each sample appears");
  }

  private static void assertWithinOnePerClass(int[] counts, double fraction) {
    int[] sizes = {10, 7, 3};
    for (int c = 0; c < 3; c++) {
      assertTrue(Math.abs(counts[c] - fraction * sizes[c]) <= 1,
          "class " + c + ": " + counts[c] + " samples for a share of " + fraction * sizes[c]);
    }
  }

  @Test
  void aStratifiedSplitGivesEachClassItsShareAndLosesNoSample() {
    Split split = indexed().stratifiedSplit(0.7, 5);
    // round(0.7 * 10) = 7, round(0.7 * 7) = round(4.9) = 5, round(0.7 * 3) = round(2.1) = 2.
    assertArrayEquals(new int[] {7, 5, 2}, classCounts(split.train()));
    assertArrayEquals(new int[] {3, 2, 1}, classCounts(split.test()));
    assertWithinOnePerClass(classCounts(split.train()), 0.7);
    assertWithinOnePerClass(classCounts(split.test()), 0.3);
    assertPartition(split.train(), split.test());
  }

  @Test
  void aStratifiedThreeWaySplitCutsEachClassAtTheRoundedCumulativeShares() {
    ThreeWaySplit split = indexed().stratifiedSplit(0.6, 0.2, 11);
    // Train: round(6) = 6, round(4.2) = 4, round(1.8) = 2.
    // Train + validation: round(8) = 8, round(5.6) = 6, round(2.4) = 2.
    assertArrayEquals(new int[] {6, 4, 2}, classCounts(split.train()));
    assertArrayEquals(new int[] {2, 2, 0}, classCounts(split.validation()));
    assertArrayEquals(new int[] {2, 1, 1}, classCounts(split.test()));
    assertWithinOnePerClass(classCounts(split.validation()), 0.2);
    assertWithinOnePerClass(classCounts(split.test()), 0.2);
    assertPartition(split.train(), split.validation(), split.test());
  }

  @Test
  void aRandomThreeWaySplitHasTheRoundedSizesAndLosesNoSample() {
    ThreeWaySplit split = indexed().split(0.5, 0.25, 3);
    assertEquals(10, split.train().size());
    assertEquals(5, split.validation().size());
    assertEquals(5, split.test().size());
    assertPartition(split.train(), split.validation(), split.test());
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
    Dataset data = indexed();
    assertArrayEquals(data.stratifiedSplit(0.7, 5).train().features(),
        data.stratifiedSplit(0.7, 5).train().features());
    assertArrayEquals(data.split(0.6, 0.2, 9).validation().features(),
        data.split(0.6, 0.2, 9).validation().features());
    assertFalse(Arrays.equals(data.stratifiedSplit(0.7, 5).train().features(),
        data.stratifiedSplit(0.7, 6).train().features()));
  }

  @Test
  void theClassesOfAPartAreInterleavedNotInRuns() {
    Dataset train = indexed().stratifiedSplit(0.7, 5).train();
    int changes = 0;
    for (int i = 1; i < train.size(); i++) {
      changes += train.label(i, 0) != train.label(i - 1, 0) ? 1 : 0;
    }
    // Sorted by class there would be 2 changes in 14 samples.
    assertTrue(changes > 2, "class changes in order: " + changes);
  }

  @Test
  void fractionsOutsideTheUnitIntervalOrAddingUpToMoreThanOneAreRejected() {
    Dataset data = indexed();
    IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
        () -> data.split(0.8, 0.3, 1));
    assertEquals("split fractions must add up to at most 1, found [0.8, 0.3]", sum.getMessage());
    assertThrows(IllegalArgumentException.class, () -> data.stratifiedSplit(-0.1, 1));
    IllegalStateException targets = assertThrows(IllegalStateException.class,
        () -> Dataset.of(new float[][] {{1}, {2}}, new float[][] {{0.5f}, {1}}).stratifiedSplit(0.5, 1));
    assertEquals("sample 0 has label 0.5, not an integer", targets.getMessage());
  }
}
