package hypercolumn.runtime.data;

import hypercolumn.runtime.Rng;
import java.util.Arrays;

/**
 * An in-memory data set: {@link #size()} samples of {@link #featureSize()} floats (row-major,
 * each shaped {@link #sampleShape()}) and {@link #labelSize()} label floats per sample, either a
 * class index (label size 1) or a target vector.
 *
 * <p>Immutable: every transformation returns a new data set. Non-finite values are rejected when
 * a data set is built, so a NaN never reaches a network from here. It plays the part of
 * PyTorch's {@code TensorDataset}; the trainer does the batching and shuffling a {@code
 * DataLoader} would.
 *
 * <pre>{@code
 * Dataset data = Dataset.of(rows, classes);          // float[][] features, int[] class indices
 * ThreeWaySplit parts = data.stratifiedSplit(0.7, 0.15, 42);
 * }</pre>
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

  /**
   * Samples given as rows, with one class index per sample (label size 1); each row becomes a
   * flat sample of shape {@code [x[0].length]}. The arrays are copied.
   *
   * @param x the features, one row per sample, all of one length
   * @param classLabels the class of each sample, as an index from 0
   * @return the data set
   * @throws IllegalArgumentException if there are no samples, the rows differ in length, the
   *     counts of rows and labels differ, or a feature is NaN or infinite
   */
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

  /**
   * Samples given as rows, with a target vector per sample, as a regression or a sigmoid output
   * takes them; each row becomes a flat sample of shape {@code [x[0].length]}. The arrays are
   * copied.
   *
   * @param x the features, one row per sample, all of one length
   * @param targets the targets, one row per sample, all of one length (the label size)
   * @return the data set
   * @throws IllegalArgumentException if there are no samples, the rows of either array differ in
   *     length, the row counts differ, or a value is NaN or infinite
   */
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

  /**
   * Samples from flat arrays: sample {@code i}'s features are {@code x[i * featureSize ...]},
   * its labels {@code labels[i * labelSize ...]}. The arrays are copied.
   *
   * @param x the features of every sample, row-major; its length fixes the number of samples
   * @param sampleShape the shape of one sample, such as {@code {1, 28, 28}}; its product is the
   *     feature size
   * @param labels the labels of every sample, {@code labelSize} floats each
   * @param labelSize label floats per sample: 1 for a class index, else a target vector's length
   * @return the data set
   * @throws IllegalArgumentException if {@code labelSize < 1}, the shape has a size of 0 or a
   *     negative one, {@code x} is not a whole number of samples, {@code labels} does not
   *     hold {@code labelSize} floats for each of them, or a value is NaN or infinite
   */
  public static Dataset of(float[] x, int[] sampleShape, float[] labels, int labelSize) {
    return new Dataset(x.clone(), sampleShape, labels.clone(), labelSize, true);
  }

  /** Like {@link #of(float[], int[], float[], int)} but takes ownership of the arrays. */
  static Dataset wrap(float[] x, int[] sampleShape, float[] labels, int labelSize) {
    return new Dataset(x, sampleShape, labels, labelSize, true);
  }

  /** {@return the number of samples} */
  public int size() {
    return size;
  }

  /** {@return the shape of one sample, without the batch dimension (a copy)} */
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  /** {@return the number of feature floats per sample, the product of the sample shape} */
  public int featureSize() {
    return featureSize;
  }

  /** {@return the number of label floats per sample: 1 for a class index, else a target length} */
  public int labelSize() {
    return labelSize;
  }

  /**
   * One feature of one sample.
   *
   * @param sample the sample, in [0, {@link #size()})
   * @param index the feature's row-major index within the sample, in [0, {@link #featureSize()})
   * @return the feature
   */
  public float feature(int sample, int index) {
    return features[sample * featureSize + index];
  }

  /**
   * One label float of one sample; for a class index use {@code label(sample, 0)}.
   *
   * @param sample the sample, in [0, {@link #size()})
   * @param index the label float, in [0, {@link #labelSize()})
   * @return the label float
   */
  public float label(int sample, int index) {
    return labels[sample * labelSize + index];
  }

  /** {@return a copy of all features, row-major: {@link #featureSize()} floats per sample} */
  public float[] features() {
    return features.clone();
  }

  /**
   * A copy of the features, one array per sample, as {@code Predictor.predict} and
   * {@code StandardScaler.transform} take them.
   *
   * @return {@link #size()} arrays of {@link #featureSize()} floats
   */
  public float[][] rows() {
    float[][] rows = new float[size][];
    for (int i = 0; i < size; i++) {
      rows[i] = Arrays.copyOfRange(features, i * featureSize, (i + 1) * featureSize);
    }
    return rows;
  }

  /** {@return a copy of all labels, row-major: {@link #labelSize()} floats per sample} */
  public float[] labels() {
    return labels.clone();
  }

  /**
   * The labels as class indices.
   *
   * @return one class index per sample
   * @throws IllegalStateException if the label size is not 1 or a label is not an integer
   */
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
   *
   * @param order sample indices, such as a shuffled {@link #identityOrder()}
   * @param from the position in {@code order} of the first sample to copy
   * @param count the number of samples to copy
   * @param xOut receives {@code count * featureSize()} floats
   * @param yOut receives {@code count * labelSize()} floats; null to copy no labels
   * @throws ArrayIndexOutOfBoundsException if an index or an array is out of range
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

  /**
   * Copies the consecutive samples {@code from ... from + count - 1} into the start of {@code
   * xOut} and {@code yOut}, allocating nothing.
   *
   * @param from the first sample to copy
   * @param count the number of samples to copy
   * @param xOut receives {@code count * featureSize()} floats
   * @param yOut receives {@code count * labelSize()} floats; null to copy no labels
   * @throws IndexOutOfBoundsException if the samples or an array are out of range
   */
  public void copyRange(int from, int count, float[] xOut, float[] yOut) {
    System.arraycopy(features, from * featureSize, xOut, 0, count * featureSize);
    if (yOut != null) {
      System.arraycopy(labels, from * labelSize, yOut, 0, count * labelSize);
    }
  }

  /** {@return the sample indices {@code 0, 1, ..., size() - 1} in order, for {@link #shuffle}} */
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
   *
   * @param order the values to shuffle, changed in place
   * @param key a key from {@link hypercolumn.runtime.Rng#key}
   */
  public static void shuffle(int[] order, long key) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = (int) Long.remainderUnsigned(Rng.bits(key, i), i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /**
   * A random permutation of the sample indices, the same for the same seed and size.
   *
   * @param seed the seed of the shuffle
   * @return {@code 0, 1, ..., size() - 1} in random order
   */
  public int[] permutation(long seed) {
    int[] order = identityOrder();
    shuffle(order, Rng.key(seed, 0, 0));
    return order;
  }

  /**
   * The samples at the given indices, in that order; an index may repeat.
   *
   * @param indices sample indices, each in [0, {@link #size()})
   * @return a data set of {@code indices.length} samples
   * @throws IndexOutOfBoundsException if an index is out of range
   */
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

  /**
   * The samples in the order of {@link #permutation(long)}.
   *
   * @param seed the seed of the shuffle
   * @return the same samples in random order
   */
  public Dataset shuffled(long seed) {
    return subset(permutation(seed));
  }

  /**
   * The first samples, for example to try a network on a small part of the data.
   *
   * @param n the number of samples to keep, at least 0
   * @return the first {@code n} samples, or all of them if there are fewer
   * @throws IllegalArgumentException if {@code n < 0}
   */
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
   * become {@link Split#train()}, the rest {@link Split#test()}, much as scikit-learn's {@code
   * train_test_split(..., train_size=firstFraction)} does.
   *
   * @param firstFraction the share that goes to the first part, in [0, 1]
   * @param seed the seed of the shuffle
   * @return the two parts
   * @throws IllegalArgumentException if {@code firstFraction} is outside [0, 1]
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
   * @param firstFraction the share of each class that goes to the first part, in [0, 1]
   * @param seed the seed of the shuffles
   * @return the two parts
   * @throws IllegalStateException if the labels are not class indices
   * @throws IllegalArgumentException if {@code firstFraction} is outside [0, 1] or a label is
   *     negative
   */
  public Split stratifiedSplit(double firstFraction, long seed) {
    int[][] parts = Splitting.stratified(classLabels(), seed, firstFraction);
    return new Split(subset(parts[0]), subset(parts[1]));
  }

  /**
   * Shuffles with the seed and cuts three ways: the first {@code round(trainFraction * size)}
   * samples to train on, up to {@code round((trainFraction + validationFraction) * size)} to
   * validate on, the rest to test on.
   *
   * @param trainFraction the share of all samples to train on, in [0, 1]
   * @param validationFraction the share of all samples to validate on, in [0, 1]; the two add up
   *     to at most 1
   * @param seed the seed of the shuffle
   * @return the three parts
   * @throws IllegalArgumentException if a fraction is outside [0, 1] or the two add up to more
   */
  public ThreeWaySplit split(double trainFraction, double validationFraction, long seed) {
    int[][] parts = Splitting.random(size, seed, trainFraction, validationFraction);
    return new ThreeWaySplit(subset(parts[0]), subset(parts[1]), subset(parts[2]));
  }

  /**
   * As {@link #split(double, double, long)} but per class: each part holds every class in its
   * proportion, within one sample. Needs one integer class label per sample.
   *
   * @param trainFraction each class's share to train on, in [0, 1]
   * @param validationFraction each class's share to validate on, in [0, 1]; the two add up to at
   *     most 1
   * @param seed the seed of the shuffles
   * @return the three parts
   * @throws IllegalStateException if the labels are not class indices
   * @throws IllegalArgumentException if a fraction is outside [0, 1], the two add up to more, or
   *     a label is negative
   */
  public ThreeWaySplit stratifiedSplit(double trainFraction, double validationFraction, long seed) {
    int[][] parts = Splitting.stratified(classLabels(), seed, trainFraction, validationFraction);
    return new ThreeWaySplit(subset(parts[0]), subset(parts[1]), subset(parts[2]));
  }

  /**
   * The same samples with another sample shape of as many elements, as PyTorch's {@code view}
   * on each sample: {@code reshape(1, 28, 28)} makes 784 flat features one 28 by 28 channel.
   *
   * @param newSampleShape the shape of one sample, without the batch dimension
   * @return the reshaped data set
   * @throws IllegalArgumentException if the new shape holds a different number of elements
   */
  public Dataset reshape(int... newSampleShape) {
    if (product(newSampleShape) != featureSize) {
      throw new IllegalArgumentException(
          "cannot reshape samples of shape " + Arrays.toString(sampleShape) + " (" + featureSize
              + " floats) to " + Arrays.toString(newSampleShape) + " (" + product(newSampleShape)
              + " floats)");
    }
    return new Dataset(features, newSampleShape, labels, labelSize, false);
  }

  /**
   * Every feature multiplied by one factor, for example {@code scale(1 / 255f)} to bring pixel
   * values into [0, 1].
   *
   * @param factor the factor
   * @return the scaled data set, with the same labels
   * @throws IllegalArgumentException if a product overflows to infinity
   */
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
   * Checks that the samples have {@code expected} floats and, where both are images (C, H, W),
   * the consumer's shape: images of another layout with as many floats (H, W, C) would otherwise
   * be read as garbage. Flat samples of the right size are taken by an image consumer, in (C, H,
   * W) order.
   *
   * @param expected the number of features per sample the consumer takes
   * @param expectedShape the consumer's sample shape, for the message
   * @param what names the consumer in the message, for example {@code "network Mlp"}
   * @throws IllegalArgumentException if the feature size differs, or the image shapes do
   */
  public void validateFeatureSize(int expected, int[] expectedShape, String what) {
    if (expectedShape.length == 3 && sampleShape.length == 3 && !Arrays.equals(expectedShape, sampleShape)) {
      throw new IllegalArgumentException(what + " expects images of (C, H, W) = " + image(expectedShape)
          + ", but the data set's images are (C, H, W) = " + image(sampleShape)
          + "; reorder or resize them to the network's input (channels first, as PyTorch)");
    }
    if (featureSize != expected) {
      throw new IllegalArgumentException(
          what + " expects " + expected + " features per sample (shape "
              + Arrays.toString(expectedShape) + "), but the data set has " + featureSize
              + " (shape " + Arrays.toString(sampleShape) + ")");
    }
  }

  private static String image(int[] shape) {
    return "(" + shape[0] + ", " + shape[1] + ", " + shape[2] + ")";
  }

  /**
   * Checks that every label is a class index the consumer knows.
   *
   * @param classes the number of classes
   * @param what names the consumer in the message, for example {@code "network Mlp"}
   * @throws IllegalArgumentException if a label is not an integer in {@code [0, classes)}
   */
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

  /**
   * Checks that every label lies in a range, such as the 0/1 targets a binary cross-entropy
   * takes.
   *
   * @param low the smallest allowed label
   * @param high the largest allowed label
   * @param integral whether a label must also be an integer
   * @param what names the consumer in the message, for example {@code "network Mlp"}
   * @throws IllegalArgumentException if a label is outside {@code [low, high]}, or not an
   *     integer where {@code integral} asks for one
   */
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
