package hypercolumn.runtime.data;

import hypercolumn.runtime.Rng;
import java.util.Arrays;

/**
 * Cuts a data set into consecutive parts given by cumulative fractions, at random or stratified
 * by class, reproducibly from a seed.
 *
 * <p>Stratified: the samples of each class are shuffled (under a key of the seed and the class)
 * and cut at {@code round(cumulative fraction * class size)}, so every part holds each class
 * within one sample of its share; then each part is shuffled, so its classes are interleaved
 * rather than in runs. Rounding the cumulative fraction, not each part's own, keeps every sample
 * in exactly one part.
 */
final class Splitting {
  /** Counter-based streams of the seed, apart from stream 0 that {@link Dataset#permutation} uses. */
  private static final long CLASS_STREAM = 3;
  private static final long PART_STREAM = 4;

  private Splitting() {}

  /**
   * The indices of each part: {@code fractions.length + 1} parts, the last taking the rest.
   *
   * @throws IllegalArgumentException if a fraction is outside [0, 1] or they add up to more
   */
  static int[][] random(int size, long seed, double... fractions) {
    int[] cuts = cuts(size, check(fractions));
    int[] order = identity(size);
    Dataset.shuffle(order, Rng.key(seed, 0, 0));
    int[][] parts = new int[cuts.length - 1][];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = Arrays.copyOfRange(order, cuts[p], cuts[p + 1]);
    }
    return parts;
  }

  /** As {@link #random} but per class: {@code classes[i]} is the class of sample {@code i}. */
  static int[][] stratified(int[] classes, long seed, double... fractions) {
    double[] cumulative = check(fractions);
    int classCount = 0;
    for (int c : classes) {
      if (c < 0) {
        throw new IllegalArgumentException("a stratified split needs class labels >= 0, found " + c);
      }
      classCount = Math.max(classCount, c + 1);
    }
    int[][] members = membersByClass(classes, classCount);
    int partCount = cumulative.length + 1;
    int[][] parts = new int[partCount][classes.length];
    int[] filled = new int[partCount];
    for (int c = 0; c < classCount; c++) {
      int[] samples = members[c];
      Dataset.shuffle(samples, Rng.key(seed, CLASS_STREAM, c));
      int[] cuts = cuts(samples.length, cumulative);
      for (int p = 0; p < partCount; p++) {
        for (int i = cuts[p]; i < cuts[p + 1]; i++) {
          parts[p][filled[p]++] = samples[i];
        }
      }
    }
    for (int p = 0; p < partCount; p++) {
      parts[p] = Arrays.copyOf(parts[p], filled[p]);
      Dataset.shuffle(parts[p], Rng.key(seed, PART_STREAM, p));
    }
    return parts;
  }

  private static int[][] membersByClass(int[] classes, int classCount) {
    int[] counts = new int[classCount];
    for (int c : classes) {
      counts[c]++;
    }
    int[][] members = new int[classCount][];
    for (int c = 0; c < classCount; c++) {
      members[c] = new int[counts[c]];
    }
    int[] next = new int[classCount];
    for (int i = 0; i < classes.length; i++) {
      members[classes[i]][next[classes[i]]++] = i;
    }
    return members;
  }

  /** The cumulative fractions, checked. */
  private static double[] check(double[] fractions) {
    double[] cumulative = new double[fractions.length];
    double sum = 0;
    for (int i = 0; i < fractions.length; i++) {
      if (!(fractions[i] >= 0 && fractions[i] <= 1)) {
        throw new IllegalArgumentException("split fractions must be in [0, 1], found " + fractions[i]);
      }
      sum += fractions[i];
      cumulative[i] = sum;
    }
    if (sum > 1 + 1e-9) {
      throw new IllegalArgumentException(
          "split fractions must add up to at most 1, found " + Arrays.toString(fractions));
    }
    return cumulative;
  }

  /** {@code 0, round(c[0] * n), ..., n}. */
  private static int[] cuts(int n, double[] cumulative) {
    int[] cuts = new int[cumulative.length + 2];
    for (int i = 0; i < cumulative.length; i++) {
      cuts[i + 1] = (int) Math.min(n, Math.round(cumulative[i] * n));
    }
    cuts[cuts.length - 1] = n;
    return cuts;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
