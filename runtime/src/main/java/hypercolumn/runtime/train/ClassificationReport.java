package hypercolumn.runtime.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-class precision, recall and F1 and the confusion matrix of a set of predictions, as
 * scikit-learn's {@code classification_report} and {@code confusion_matrix} compute them.
 *
 * <p>For class {@code c}: precision is {@code TP / (TP + FP)}, the fraction of the samples
 * predicted as {@code c} that are {@code c}; recall is {@code TP / (TP + FN)}, the fraction of
 * the samples of {@code c} predicted as {@code c}; F1 is their harmonic mean {@code 2PR / (P +
 * R)}. A ratio whose denominator is 0 is defined as 0, as scikit-learn's {@code zero_division=0}
 * (its default warns and gives 0): a class never predicted has precision 0, a class with no
 * samples has recall 0, and F1 is 0 when precision and recall both are. The macro averages weigh
 * every class alike; the weighted ones weigh each class by its number of samples.
 */
public final class ClassificationReport {
  private final long[][] confusion;
  private final int classes;

  private ClassificationReport(long[][] confusion) {
    this.confusion = confusion;
    this.classes = confusion.length;
  }

  /**
   * The report of predicted against actual classes, both in {@code [0, classes)}.
   *
   * @throws IllegalArgumentException if the arrays differ in length or hold a class out of range
   * @param actual the class of each sample
   * @param predicted the predicted class of each sample
   * @param classes the number of classes
   * @return the counts and the metrics derived from them
   */
  public static ClassificationReport of(int[] actual, int[] predicted, int classes) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException("expected one prediction per sample: " + actual.length
          + " actual classes, " + predicted.length + " predicted");
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, found " + classes);
    }
    long[][] confusion = new long[classes][classes];
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
        throw new IllegalArgumentException("sample " + i + ": actual class " + actual[i]
            + ", predicted " + predicted[i] + "; both must be in [0, " + classes + ")");
      }
      confusion[actual[i]][predicted[i]]++;
    }
    return new ClassificationReport(confusion);
  }

  /** {@return the number of classes} */
  public int classes() {
    return classes;
  }

  /** {@return the number of samples counted} */
  public long samples() {
    long n = 0;
    for (long[] row : confusion) {
      for (long count : row) {
        n += count;
      }
    }
    return n;
  }

  /**
   * The confusion matrix, a copy: entry {@code [a][p]} counts the samples of class {@code a}
   * predicted as {@code p} (rows actual, columns predicted, as scikit-learn's).
   *
   * @return a new {@code classes x classes} array
   */
  public long[][] confusionMatrix() {
    long[][] copy = new long[classes][];
    for (int a = 0; a < classes; a++) {
      copy[a] = confusion[a].clone();
    }
    return copy;
  }

  /**
   * Samples whose actual class is {@code c}.
   *
   * @param c a class
   * @return the number of samples of that class
   */
  public long support(int c) {
    long n = 0;
    for (long count : confusion[c]) {
      n += count;
    }
    return n;
  }

  /**
   * Samples predicted as {@code c}.
   *
   * @param c a class
   * @return the number of samples predicted as that class
   */
  public long predicted(int c) {
    long n = 0;
    for (long[] row : confusion) {
      n += row[c];
    }
    return n;
  }

  /**
   * {@code TP / (TP + FP)} of class {@code c}; 0 if {@code c} was never predicted.
   *
   * @param c a class
   * @return a fraction in [0, 1]
   */
  public double precision(int c) {
    return ratio(confusion[c][c], predicted(c));
  }

  /**
   * {@code TP / (TP + FN)} of class {@code c}; 0 if no sample is of class {@code c}.
   *
   * @param c a class
   * @return a fraction in [0, 1]
   */
  public double recall(int c) {
    return ratio(confusion[c][c], support(c));
  }

  /**
   * The harmonic mean of precision and recall of class {@code c}; 0 if both are 0.
   *
   * @param c a class
   * @return a fraction in [0, 1]
   */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** {@return the fraction of samples predicted right; 0 for no samples} */
  public double accuracy() {
    long right = 0;
    for (int c = 0; c < classes; c++) {
      right += confusion[c][c];
    }
    return ratio(right, samples());
  }

  /** {@return the mean of the classes' precisions} */
  public double macroPrecision() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += precision(c);
    }
    return sum / classes;
  }

  /** {@return the mean of the classes' recalls} */
  public double macroRecall() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += recall(c);
    }
    return sum / classes;
  }

  /** {@return the mean of the classes' F1 scores} */
  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += f1(c);
    }
    return sum / classes;
  }

  /** {@return the classes' F1 scores weighted by their support} */
  public double weightedF1() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += f1(c) * support(c);
    }
    return ratio(sum, samples());
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0 ? 0 : numerator / denominator;
  }

  /** The report with classes named 0, 1, ...; see {@link #toString(List)}. */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add(String.valueOf(c));
    }
    return toString(names);
  }

  /**
   * A table as scikit-learn prints it: a row per class with precision, recall, F1 and support,
   * then accuracy and the macro and weighted averages, then the confusion matrix.
   *
   * @param classNames the name of each class, in class order
   * @return the table, lines ending in {@code \n}
   * @throws IllegalArgumentException if there is not one name per class
   */
  public String toString(List<String> classNames) {
    if (classNames.size() != classes) {
      throw new IllegalArgumentException(
          "expected " + classes + " class names, found " + classNames.size());
    }
    int width = 12;
    for (String name : classNames) {
      width = Math.max(width, name.length());
    }
    String row = "%" + width + "s  %9s  %9s  %9s  %9s%n";
    String values = "%" + width + "s  %9.4f  %9.4f  %9.4f  %9d%n";
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, row, "", "precision", "recall", "f1", "support"));
    for (int c = 0; c < classes; c++) {
      s.append(String.format(Locale.ROOT, values, classNames.get(c), precision(c), recall(c), f1(c), support(c)));
    }
    s.append(String.format(Locale.ROOT, "%" + width + "s  %9s  %9s  %9.4f  %9d%n", "accuracy", "", "", accuracy(), samples()));
    s.append(String.format(Locale.ROOT, values, "macro avg", macroPrecision(), macroRecall(), macroF1(), samples()));
    s.append(String.format(Locale.ROOT, "%" + width + "s  %9s  %9s  %9.4f  %9d%n", "weighted f1", "", "", weightedF1(), samples()));
    s.append("confusion matrix (rows actual, columns predicted):\n");
    for (int a = 0; a < classes; a++) {
      s.append(String.format(Locale.ROOT, "%" + width + "s ", classNames.get(a)));
      for (int p = 0; p < classes; p++) {
        s.append(String.format(Locale.ROOT, " %6d", confusion[a][p]));
      }
      s.append('\n');
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClassificationReport r && Arrays.deepEquals(confusion, r.confusion);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(confusion);
  }
}
