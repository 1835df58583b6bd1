package hypercolumn.runtime.train;

import hypercolumn.Loss;

/**
 * Counts right answers in a batch of outputs, per loss: the argmax against the class index for
 * softmax cross-entropy; {@code logit >= 0} against a 0/1 target per output for binary
 * cross-entropy (Keras's binary accuracy); an exact match per output for the perceptron. Mean
 * squared error has no accuracy.
 */
final class Accuracy {
  private Accuracy() {}

  static boolean measured(Loss loss) {
    return loss != Loss.MEAN_SQUARED_ERROR;
  }

  /** How many answers a batch of {@code rows} samples gives. */
  static int answers(Loss loss, int rows, int outputSize) {
    return loss == Loss.SOFTMAX_CROSS_ENTROPY ? rows : rows * outputSize;
  }

  static int correct(Loss loss, float[] outputs, float[] labels, int rows, int outputSize) {
    int correct = 0;
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        for (int r = 0; r < rows; r++) {
          if (argmax(outputs, r * outputSize, outputSize) == (int) labels[r]) {
            correct++;
          }
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        for (int i = 0, n = rows * outputSize; i < n; i++) {
          if ((outputs[i] >= 0) == (labels[i] >= 0.5f)) {
            correct++;
          }
        }
      }
      case PERCEPTRON -> {
        for (int i = 0, n = rows * outputSize; i < n; i++) {
          if (outputs[i] == labels[i]) {
            correct++;
          }
        }
      }
      case MEAN_SQUARED_ERROR -> {}
    }
    return correct;
  }

  /** Index of the largest of {@code count} values from {@code offset}; the first on ties. */
  static int argmax(float[] values, int offset, int count) {
    int best = 0;
    for (int j = 1; j < count; j++) {
      if (values[offset + j] > values[offset + best]) {
        best = j;
      }
    }
    return best;
  }
}
