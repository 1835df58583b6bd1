package hypercolumn.runtime.data;

import java.util.List;

/**
 * A numeric table read by {@link CsvReader}: the chosen feature columns of every row and, when a
 * label column was chosen, each row's class index with the names the indices stand for.
 */
public final class CsvTable {
  private final List<String> featureNames;
  private final float[][] rows;
  private final int[] classIndices;
  private final List<String> classNames;

  CsvTable(List<String> featureNames, float[][] rows, int[] classIndices, List<String> classNames) {
    this.featureNames = List.copyOf(featureNames);
    this.rows = rows;
    this.classIndices = classIndices;
    this.classNames = classNames == null ? null : List.copyOf(classNames);
  }

  /** {@return the number of data rows read, blank lines and the header not counted} */
  public int size() {
    return rows.length;
  }

  /** {@return the feature columns, in the order of each sample's values} */
  public List<String> featureNames() {
    return featureNames;
  }

  /** {@return each row's feature values, a copy} */
  public float[][] features() {
    float[][] copy = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  /** {@return whether a label column was read} */
  public boolean hasLabels() {
    return classIndices != null;
  }

  /**
   * The class names, index {@code i} standing for class {@code i}: as a scikit-learn count
   * header lists them, else the distinct labels sorted (numerically if every label is a number,
   * else as strings), as scikit-learn's {@code LabelEncoder} maps them.
   *
   * @throws IllegalStateException if no label column was read
   * @return the class names, unmodifiable
   */
  public List<String> classNames() {
    requireLabels();
    return classNames;
  }

  /** {@return the class index of every row} */
  public int[] classIndices() {
    requireLabels();
    return classIndices.clone();
  }

  /**
   * The class index standing for {@code name}, as {@link #classNames()} maps it.
   *
   * @param name one of {@link #classNames()}
   * @return its index
   * @throws IllegalArgumentException if no class has that name
   */
  public int classIndex(String name) {
    int index = classNames().indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(
          "no class named '" + name + "'; the classes are " + String.join(", ", classNames));
    }
    return index;
  }

  /**
   * The rows as a data set: the features, and the class index as each sample's label.
   *
   * @throws IllegalStateException if no label column was read
   * @return a data set of {@link #size()} samples with one class index each
   */
  public Dataset dataset() {
    requireLabels();
    return Dataset.of(rows, classIndices);
  }

  private void requireLabels() {
    if (classIndices == null) {
      throw new IllegalStateException(
          "no label column was read; choose one with CsvReader.label(name) or label(index)");
    }
  }

  @Override
  public String toString() {
    return "CsvTable[" + rows.length + " rows, features " + featureNames
        + (classNames != null ? ", classes " + classNames : "") + "]";
  }
}
