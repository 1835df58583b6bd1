package hypercolumn.runtime.data;

/** One-hot encoding of class indices, for losses that take target vectors. */
public final class OneHot {
  private OneHot() {}

  /**
   * Encodes class indices as one-hot rows, as PyTorch's {@code one_hot} or Keras's {@code
   * to_categorical}.
   *
   * @param labels the class of each sample
   * @param classes the number of classes, the length of each row
   * @return one row per label, all zero except a 1 at column {@code labels[i]}
   * @throws IllegalArgumentException if {@code classes < 1} or a label is outside {@code [0,
   *     classes)}
   */
  public static float[][] encode(int[] labels, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("number of classes must be at least 1, found " + classes);
    }
    float[][] rows = new float[labels.length][classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label of sample " + i + " is " + labels[i] + ", expected a class in [0, " + classes
                + ")");
      }
      rows[i][labels[i]] = 1f;
    }
    return rows;
  }
}
