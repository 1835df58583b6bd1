package hypercolumn.runtime.cpu;

/**
 * Row-wise softmax, the losses and the regularizer as plain loops over host arrays. Each method
 * works on a range so the device can split it among threads; sums are accumulated in double.
 */
final class Pointwise {
  private Pointwise() {}

  /** Softmax of rows {@code [fromRow, toRow)}, subtracting each row's maximum first. */
  static void softmaxForward(
      float[] in, int inOffset, float[] out, int outOffset, int fromRow, int toRow, int columns) {
    for (int r = fromRow; r < toRow; r++) {
      int x = inOffset + r * columns;
      int y = outOffset + r * columns;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < columns; j++) {
        max = Math.max(max, in[x + j]);
      }
      double sum = 0;
      for (int j = 0; j < columns; j++) {
        float e = (float) Math.exp(in[x + j] - max);
        out[y + j] = e;
        sum += e;
      }
      float scale = (float) (1.0 / sum);
      for (int j = 0; j < columns; j++) {
        out[y + j] *= scale;
      }
    }
  }

  /** {@code dx = y * (dy - sum_j(dy * y))} for rows {@code [fromRow, toRow)}. */
  static void softmaxBackward(
      float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
      int fromRow, int toRow, int columns) {
    for (int r = fromRow; r < toRow; r++) {
      int yr = yOffset + r * columns;
      int dyr = dyOffset + r * columns;
      int dxr = dxOffset + r * columns;
      double dot = 0;
      for (int j = 0; j < columns; j++) {
        dot += (double) dy[dyr + j] * y[yr + j];
      }
      float d = (float) dot;
      for (int j = 0; j < columns; j++) {
        dx[dxr + j] = y[yr + j] * (dy[dyr + j] - d);
      }
    }
  }

  /**
   * Sum over rows of the softmax cross-entropy; see {@code Device#softmaxCrossEntropy}. The
   * gradient, if wanted, is {@code (softmax - onehot) * gradientScale}.
   */
  static double softmaxCrossEntropy(
      float[] logits, int logitsOffset, float[] labels, int labelsOffset, int fromRow, int toRow,
      int classes, boolean probabilities, float[] gradient, int gradientOffset,
      float gradientScale) {
    double total = 0;
    for (int r = fromRow; r < toRow; r++) {
      int x = logitsOffset + r * classes;
      int label = classIndex(labels[labelsOffset + r], r, classes);
      if (probabilities) {
        // -log(p), with p kept away from zero so a confident mistake costs a large finite loss.
        total -= Math.log(Math.max(logits[x + label], 1e-30f));
        if (gradient != null) {
          int g = gradientOffset + r * classes;
          for (int j = 0; j < classes; j++) {
            gradient[g + j] = (logits[x + j] - (j == label ? 1f : 0f)) * gradientScale;
          }
        }
        continue;
      }
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, logits[x + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(logits[x + j] - max);
      }
      double logSum = Math.log(sum);
      total += logSum - (logits[x + label] - max);
      if (gradient != null) {
        int g = gradientOffset + r * classes;
        double inverse = 1.0 / sum;
        for (int j = 0; j < classes; j++) {
          float p = (float) (Math.exp(logits[x + j] - max) * inverse);
          gradient[g + j] = (p - (j == label ? 1f : 0f)) * gradientScale;
        }
      }
    }
    return total;
  }

  private static int classIndex(float label, int row, int classes) {
    int index = (int) label;
    if (index != label || index < 0 || index >= classes) {
      throw new IllegalArgumentException(
          "label of row " + row + " must be a class index in [0, " + classes + "), found "
              + label);
    }
    return index;
  }

  /** Sum of {@code max(x, 0) - x * t + log1p(exp(-|x|))}; gradient {@code (sigmoid(x) - t) * scale}. */
  static double binaryCrossEntropyWithLogits(
      float[] logits, int logitsOffset, float[] targets, int targetsOffset, int from, int to,
      float[] gradient, int gradientOffset, float gradientScale) {
    double total = 0;
    for (int i = from; i < to; i++) {
      float x = logits[logitsOffset + i];
      float t = targets[targetsOffset + i];
      total += Math.max(x, 0) - (double) x * t + Math.log1p(Math.exp(-Math.abs(x)));
      if (gradient != null) {
        gradient[gradientOffset + i] = (sigmoid(x) - t) * gradientScale;
      }
    }
    return total;
  }

  /** The logistic function without overflow for large |x|. */
  static float sigmoid(float x) {
    if (x >= 0) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  /** Sum of {@code (y - t)^2}; gradient {@code 2 * (y - t) * scale}. */
  static double squaredError(
      float[] predictions, int predictionsOffset, float[] targets, int targetsOffset, int from,
      int to, float[] gradient, int gradientOffset, float gradientScale) {
    double total = 0;
    for (int i = from; i < to; i++) {
      float difference = predictions[predictionsOffset + i] - targets[targetsOffset + i];
      total += (double) difference * difference;
      if (gradient != null) {
        gradient[gradientOffset + i] = 2 * difference * gradientScale;
      }
    }
    return total;
  }

  /** Number of outputs that differ from their targets; gradient {@code (y - t) * scale}. */
  static int perceptronErrors(
      float[] predictions, int predictionsOffset, float[] targets, int targetsOffset, int from,
      int to, float[] gradient, int gradientOffset, float gradientScale) {
    int errors = 0;
    for (int i = from; i < to; i++) {
      float difference = predictions[predictionsOffset + i] - targets[targetsOffset + i];
      if (difference != 0) {
        errors++;
      }
      if (gradient != null) {
        gradient[gradientOffset + i] = difference * gradientScale;
      }
    }
    return errors;
  }

  /**
   * Adds {@code l1 * sign(w) + 2 * l2 * w} to the gradients of {@code [from, to)} and returns
   * {@code l1 * sum|w| + l2 * sum w^2} over that range.
   */
  static double regularize(
      float[] parameters, float[] gradients, int from, int to, float l1, float l2) {
    double absolute = 0;
    double squares = 0;
    float twiceL2 = 2 * l2;
    for (int i = from; i < to; i++) {
      float w = parameters[i];
      absolute += Math.abs(w);
      squares += (double) w * w;
      gradients[i] += l1 * Math.signum(w) + twiceL2 * w;
    }
    return l1 * absolute + l2 * squares;
  }

  /** {@code out[j] = sum_i in[i][j] + beta * out[j]} for columns {@code [from, to)}. */
  static void sumRows(
      float[] in, int inOffset, int rows, int columns, float beta, float[] out, int outOffset,
      int from, int to) {
    for (int j = from; j < to; j++) {
      out[outOffset + j] = beta == 0 ? 0 : beta * out[outOffset + j];
    }
    for (int i = 0; i < rows; i++) {
      int row = inOffset + i * columns;
      for (int j = from; j < to; j++) {
        out[outOffset + j] += in[row + j];
      }
    }
  }
}
