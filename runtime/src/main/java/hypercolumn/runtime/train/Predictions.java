package hypercolumn.runtime.train;

import hypercolumn.Loss;
import java.util.Arrays;

/**
 * A model's predictions for a batch of samples: per sample the raw outputs, the probabilities by
 * the loss's {@link Link} (softmax, sigmoid, or the outputs themselves), the predicted class and
 * the top-k classes.
 *
 * <p>The predicted class is the most probable one when there are several outputs (softmax
 * cross-entropy, or squared error against one-hot targets), and for a single output the class 1
 * when its probability (or output) is at least 0.5, else 0. Binary cross-entropy over several
 * outputs is multi-label: it has probabilities but no single class.
 */
public final class Predictions {
  private final Loss loss;
  private final Link link;
  private final int count;
  private final int width;
  private final float[] outputs;
  private final float[] probabilities;

  Predictions(Loss loss, float[] outputs, int count, int width) {
    if (outputs.length < (long) count * width) {
      throw new IllegalArgumentException(count + " samples of " + width + " outputs need "
          + (long) count * width + " floats, found " + outputs.length);
    }
    this.loss = loss;
    this.link = Link.of(loss);
    this.count = count;
    this.width = width;
    this.outputs = outputs;
    this.probabilities = new float[count * width];
    for (int i = 0; i < count; i++) {
      link.apply(outputs, i * width, width, probabilities, i * width);
    }
  }

  /** {@return the number of samples predicted} */
  public int size() {
    return count;
  }

  /** {@return the number of outputs (and of probabilities) per sample} */
  public int width() {
    return width;
  }

  /** {@return the link that turned outputs into probabilities} */
  public Link link() {
    return link;
  }

  /**
   * The network's outputs for sample {@code i}: logits for the cross-entropies.
   *
   * @param i a sample, 0-based
   * @return a new array of {@link #width()} floats
   */
  public float[] outputs(int i) {
    checkIndex(i);
    return Arrays.copyOfRange(outputs, i * width, (i + 1) * width);
  }

  /**
   * The probabilities of sample {@code i}: the outputs through the {@link #link()}.
   *
   * @param i a sample, 0-based
   * @return a new array of {@link #width()} floats
   */
  public float[] probabilities(int i) {
    checkIndex(i);
    return Arrays.copyOfRange(probabilities, i * width, (i + 1) * width);
  }

  /**
   * The probability of class {@code c} for sample {@code i}; for one output, of class 1.
   *
   * @param i a sample, 0-based
   * @param c a class (an output)
   * @return the probability by the link
   */
  public float probability(int i, int c) {
    checkIndex(i);
    if (c < 0 || c >= width) {
      throw new IndexOutOfBoundsException("class " + c + " out of range [0, " + width + ")");
    }
    return probabilities[i * width + c];
  }

  /**
   * The predicted class of sample {@code i}, as the accuracy counts it.
   *
   * @throws IllegalStateException for binary cross-entropy over several outputs (multi-label)
   * @param i a sample, 0-based
   * @return the class, in {@code [0, width())}, or 0 or 1 for one output
   */
  public int predictedClass(int i) {
    checkIndex(i);
    // Decided on the outputs, which the links keep in order: a logit of -1e-9 has a sigmoid
    // that rounds to 0.5f, but is class 0 as the accuracy counts it.
    if (width == 1) {
      return (link == Link.SIGMOID ? outputs[i] >= 0 : outputs[i] >= 0.5f) ? 1 : 0;
    }
    if (loss == Loss.BINARY_CROSS_ENTROPY || loss == Loss.PERCEPTRON) {
      throw new IllegalStateException("a network with " + width + " outputs and loss " + loss
          + " predicts each output on its own (multi-label), not one class per sample; use"
          + " probabilities(i)");
    }
    return Accuracy.argmax(outputs, i * width, width);
  }

  /** {@return the predicted class of every sample} */
  public int[] classes() {
    int[] classes = new int[count];
    for (int i = 0; i < count; i++) {
      classes[i] = predictedClass(i);
    }
    return classes;
  }

  /**
   * The {@code k} most probable classes of sample {@code i}, most probable first (ranked by the
   * outputs, which the link keeps in order); of equal outputs the lower class comes first.
   *
   * @throws IllegalArgumentException unless {@code 1 <= k <= width()}
   * @param i a sample, 0-based
   * @param k how many classes
   * @return {@code k} distinct classes
   */
  public int[] topK(int i, int k) {
    checkIndex(i);
    if (k < 1 || k > width) {
      throw new IllegalArgumentException("top-k needs 1 <= k <= " + width + ", found " + k);
    }
    int[] top = new int[k];
    boolean[] taken = new boolean[width];
    int base = i * width;
    for (int r = 0; r < k; r++) {
      int best = -1;
      for (int c = 0; c < width; c++) {
        if (!taken[c] && (best < 0 || outputs[base + c] > outputs[base + best])) {
          best = c;
        }
      }
      taken[best] = true;
      top[r] = best;
    }
    return top;
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("sample " + i + " out of range [0, " + count + ")");
    }
  }

  @Override
  public String toString() {
    return "Predictions[" + count + " samples, " + width + " outputs, " + link + "]";
  }
}
