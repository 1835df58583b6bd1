package hypercolumn.runtime.data;

import hypercolumn.runtime.Rng;
import java.util.Arrays;

/**
 * An in-memory data set: {@link #size()} samples of {@link #featureSize()} floats (row-major,
 * each shaped {@link #sampleShape()}) and {@link #labelSize()} label floats per sample, either a
 * class index (label size 1) or a target vector.
 *
 * <p>Immutable: every transformation returns a new data set. Non-finite values are rejected when
 * a data set is built, so a NaN never reaches a network from here.
 */
public final class Dataset {
  private final float[] features;
  private final int[] sampleShape;
  private final int featureSize;
  private final float[] labels;
  private final int labelSize;
  private final int size;

  private Dataset(float[] features, int[] sampleShape, float[] labels, int labelSize, boolean check) {
    this.sampleShape = sampleShape.clone();
    this.featureSize = product(sampleShape);
    this.labelSize = labelSize;
    if (labelSize < 1) {
      throw new IllegalArgumentException("label size must be at least 1, found " + labelSize);
    }
    if (featureSize < 1) {
      throw new IllegalArgumentException(
          "sample shape " + Arrays.toString(sampleShape) + " must have at least one element");
    }
    if (features.length % featureSize != 0) {
      throw new IllegalArgumentException(
          "features: expected a multiple of " + featureSize + " floats (sample shape "
              + Arrays.toString(sampleShape) + "), found " + features.length);
    }
    this.size = features.length / featureSize;
    if (labels.length != (long) size * labelSize) {
      throw new IllegalArgumentException(
          "labels: expected " + size + " samples x " + labelSize + " = " + (long) size * labelSize
              + " floats, found " + labels.length);
    }
    this.features = features;
    this.labels = labels;
    if (check) {
      requireFinite(features, featureSize, "feature");
      requireFinite(labels, labelSize, "label");
    }
  }

  /** Samples given as rows, with one class index per sample. */
  public static Dataset of(float[][] x, int[] classLabels) {
    if (x.length != classLabels.length) {
      throw new IllegalArgumentException(
          "expected one class label per sample: " + x.length + " samples, found "
              + classLabels.length + " labels");
    }
    float[] labels = new float[classLabels.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = classLabels[i];
    }
    return new Dataset(flatten(x, "x"), new int[] {rowLength(x)}, labels, 1, true);
  }

  /** Samples given as rows, with a target vector per sample. */
  public static Dataset of(float[][] x, float[][] targets) {
    if (x.length != targets.length) {
      throw new IllegalArgumentException(
          "expected one target row per sample: " + x.length + " samples, found "
              + targets.length + " target rows");
    }
    return new Dataset(
        flatten(x, "x"), new int[] {rowLength(x)}, flatten(targets, "targets"), rowLength(targets),
        true);
  }

  /** Row-major samples of the given shape and {@code labelSize} floats of label per sample. */
  public static Dataset of(float[] x, int[] sampleShape, float[] labels, int labelSize) {
    return new Dataset(x.clone(), sampleShape, labels.clone(), labelSize, true);
  }

  /** Like {@link #of(float[], int[], float[], int)} but takes ownership of the arrays. */
  static Dataset wrap(float[] x, int[] sampleShape, float[] labels, int labelSize) {
    return new Dataset(x, sampleShape, labels, labelSize, true);
  }

  public int size() {
    return size;
  }

  public int[] sampleShape() {
    return sampleShape.clone();
  }

  /** Floats per sample. */
  public int featureSize() {
    return featureSize;
  }

  /** Label floats per sample. */
  public int labelSize() {
    return labelSize;
  }

  public float feature(int sample, int index) {
    return features[sample * featureSize + index];
  }

  public float label(int sample, int index) {
    return labels[sample * labelSize + index];
  }

  /** A copy of all features, row-major. */
  public float[] features() {
    return features.clone();
  }

  /**
   * A copy of the features, one array per sample, as {@code Predictor.predict} and
   * {@code StandardScaler.transform} take them.
   */
  public float[][] rows() {
    float[][] rows = new float[size][];
    for (int i = 0; i < size; i++) {
      rows[i] = Arrays.copyOfRange(features, i * featureSize, (i + 1) * featureSize);
    }
    return rows;
  }

  /** A copy of all labels, row-major. */
  public float[] labels() {
    return labels.clone();
  }

  /** The labels as class indices; requires label size 1 and integral labels. */
  public int[] classLabels() {
    if (labelSize != 1) {
      throw new IllegalStateException(
          "class labels need 1 label float per sample, this data set has " + labelSize);
    }
    int[] classes = new int[size];
    for (int i = 0; i < size; i++) {
      float v = labels[i];
      if (v != Math.rint(v)) {
        throw new IllegalStateException("sample " + i + " has label " + v + ", not an integer");
      }
      classes[i] = (int) v;
    }
    return classes;
  }

  /**
   * Copies {@code count} samples, {@code order[from] ... order[from + count - 1]}, into the
   * start of {@code xOut} and {@code yOut}. Allocates nothing: this is the trainer's batcher.
   */
  public void copyBatch(int[] order, int from, int count, float[] xOut, float[] yOut) {
    for (int i = 0; i < count; i++) {
      int sample = order[from + i];
      System.arraycopy(features, sample * featureSize, xOut, i * featureSize, featureSize);
      if (yOut != null) {
        System.arraycopy(labels, sample * labelSize, yOut, i * labelSize, labelSize);
      }
    }
  }

  /** Copies samples {@code from .. from + count - 1} into {@code xOut} and {@code yOut} (may be null). */
  public void copyRange(int from, int count, float[] xOut, float[] yOut) {
    System.arraycopy(features, from * featureSize, xOut, 0, count * featureSize);
    if (yOut != null) {
      System.arraycopy(labels, from * labelSize, yOut, 0, count * labelSize);
    }
  }

  /** The identity order {@code 0 .. size-1}, to be shuffled with {@link #shuffle}. */
  public int[] identityOrder() {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    return order;
  }

  /**
   * Fisher-Yates shuffle of {@code order} in place, with the counter-based generator under
   * {@code key}: the same key gives the same order on every machine.
   */
  public static void shuffle(int[] order, long key) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = (int) Long.remainderUnsigned(Rng.bits(key, i), i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** A random permutation of {@code 0 .. size-1}, reproducible from the seed. */
  public int[] permutation(long seed) {
    int[] order = identityOrder();
    shuffle(order, Rng.key(seed, 0, 0));
    return order;
  }

  /** The samples at the given indices, in that order. */
  public Dataset subset(int[] indices) {
    float[] x = new float[indices.length * featureSize];
    float[] y = new float[indices.length * labelSize];
    for (int index : indices) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException(
            "sample index " + index + " out of range [0, " + size + ")");
      }
    }
    copyBatch(indices, 0, indices.length, x, y);
    return new Dataset(x, sampleShape, y, labelSize, false);
  }

  /** The samples in a random order reproducible from the seed. */
  public Dataset shuffled(long seed) {
    return subset(permutation(seed));
  }

  /** The first {@code n} samples (all of them if there are fewer). */
  public Dataset take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("take(n) needs n >= 0, found " + n);
    }
    int count = Math.min(n, size);
    return new Dataset(
        Arrays.copyOf(features, count * featureSize), sampleShape,
        Arrays.copyOf(labels, count * labelSize), labelSize, false);
  }

  /**
   * Shuffles with the seed, then cuts: the first {@code round(firstFraction * size)} samples
   * become {@link Split#train()}, the rest {@link Split#test()}.
   */
  public Split split(double firstFraction, long seed) {
    if (!(firstFraction >= 0 && firstFraction <= 1)) {
      throw new IllegalArgumentException(
          "split fraction must be in [0, 1], found " + firstFraction);
    }
    int[] order = permutation(seed);
    int first = (int) Math.round(firstFraction * size);
    return new Split(
        subset(Arrays.copyOfRange(order, 0, first)),
        subset(Arrays.copyOfRange(order, first, size)));
  }

  /**
   * As {@link #split(double, long)} but per class, as scikit-learn's {@code train_test_split(...,
   * stratify=y)}: each class goes to {@link Split#train()} in the proportion {@code
   * firstFraction}, within one sample. Needs one integer class label per sample.
   *
   * @throws IllegalStateException if the labels are not class indices
   * @param firstFraction the share of each class that goes to the first part, in [0, 1]
   * @param seed the seed of the shuffles
   * @return the two parts
   */
  public Split stratifiedSplit(double firstFraction, long seed) {
    int[][] parts = Splitting.stratified(classLabels(), seed, firstFraction);
    return new Split(subset(parts[0]), subset(parts[1]));
  }

  /**
   * Shuffles with the seed and cuts three ways: {@code round(trainFraction * size)} samples to
   * train on, then {@code validationFraction} of them to validate on, the rest to test on.
   *
   * @param trainFraction the share to train on
   * @param validationFraction the share to validate on; the two add up to at most 1
   * @param seed the seed of the shuffle
   * @return the three parts
   */
  public ThreeWaySplit split(double trainFraction, double validationFraction, long seed) {
    int[][] parts = Splitting.random(size, seed, trainFraction, validationFraction);
    return new ThreeWaySplit(subset(parts[0]), subset(parts[1]), subset(parts[2]));
  }

  /**
   * As {@link #split(double, double, long)} but per class: each part holds every class in its
   * proportion, within one sample. Needs one integer class label per sample.
   *
   * @throws IllegalStateException if the labels are not class indices
   * @param trainFraction each class's share to train on
   * @param validationFraction each class's share to validate on; the two add up to at most 1
   * @param seed the seed of the shuffles
   * @return the three parts
   */
  public ThreeWaySplit stratifiedSplit(double trainFraction, double validationFraction, long seed) {
    int[][] parts = Splitting.stratified(classLabels(), seed, trainFraction, validationFraction);
    return new ThreeWaySplit(subset(parts[0]), subset(parts[1]), subset(parts[2]));
  }

  /** The same samples viewed with another shape of the same number of elements. */
  public Dataset reshape(int... newSampleShape) {
    if (product(newSampleShape) != featureSize) {
      throw new IllegalArgumentException(
          "cannot reshape samples of shape " + Arrays.toString(sampleShape) + " (" + featureSize
              + " floats) to " + Arrays.toString(newSampleShape) + " (" + product(newSampleShape)
              + " floats)");
    }
    return new Dataset(features, newSampleShape, labels, labelSize, false);
  }

  /** Every feature multiplied by {@code factor}, for example {@code scale(1 / 255f)}. */
  public Dataset scale(float factor) {
    float[] x = new float[features.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = features[i] * factor;
    }
    return new Dataset(x, sampleShape, labels, labelSize, true);
  }

  /** Same samples, new features (already checked by the caller's construction). */
  Dataset withFeatures(float[] newFeatures) {
    return new Dataset(newFeatures, sampleShape, labels, labelSize, true);
  }

  /**
   * Checks that the samples have {@code expected} floats.
   *
   * @param what names the consumer in the message, for example {@code "network Mlp"}
   */
  public void validateFeatureSize(int expected, int[] expectedShape, String what) {
    if (featureSize != expected) {
      throw new IllegalArgumentException(
          what + " expects " + expected + " features per sample (shape "
              + Arrays.toString(expectedShape) + "), but the data set has " + featureSize
              + " (shape " + Arrays.toString(sampleShape) + ")");
    }
  }

  /** Checks that each sample has {@code expected} label floats. */
  public void validateLabelSize(int expected, String what) {
    if (labelSize != expected) {
      throw new IllegalArgumentException(
          what + " expects " + expected + " label float" + (expected == 1 ? "" : "s")
              + " per sample" + (expected == 1 ? " (a class index)" : "")
              + ", but the data set has " + labelSize);
    }
  }

  /** Checks that every label is an integer in {@code [0, classes)}. */
  public void validateClassLabels(int classes, String what) {
    for (int i = 0; i < labels.length; i++) {
      float v = labels[i];
      if (v != Math.rint(v) || v < 0 || v >= classes) {
        throw new IllegalArgumentException(
            what + " expects class labels that are integers in [0, " + classes + "), but sample "
                + i / labelSize + " has label " + v);
      }
    }
  }

  /** Checks that every label lies in {@code [low, high]}; with {@code integral}, is 0 or 1 etc. */
  public void validateLabelRange(float low, float high, boolean integral, String what) {
    for (int i = 0; i < labels.length; i++) {
      float v = labels[i];
      if (v < low || v > high || (integral && v != Math.rint(v))) {
        throw new IllegalArgumentException(
            what + " expects " + (integral ? "integer " : "") + "labels in [" + low + ", " + high
                + "], but sample " + i / labelSize + " has label " + v
                + (labelSize > 1 ? " at position " + i % labelSize : ""));
      }
    }
  }

  @Override
  public String toString() {
    return "Dataset[" + size + " samples of shape " + Arrays.toString(sampleShape) + ", "
        + labelSize + " label float" + (labelSize == 1 ? "" : "s") + " each]";
  }

  private static void requireFinite(float[] values, int rowSize, String what) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "sample " + i / rowSize + " has " + what + " " + i % rowSize + " = " + values[i]
                + "; every " + what + " must be finite");
      }
    }
  }

  private static int rowLength(float[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("expected at least one sample, found none");
    }
    return rows[0].length;
  }

  private static float[] flatten(float[][] rows, String what) {
    int width = rowLength(rows);
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException(
            what + ": expected every row to have " + width + " floats like row 0, but row " + i
                + " has " + rows[i].length);
      }
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }

  static int product(int[] shape) {
    long p = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      p *= d;
    }
    if (p > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) p;
  }
}
