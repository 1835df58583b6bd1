package hypercolumn.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads a numeric table from CSV: every chosen feature column must hold numbers, and one column
 * may hold class labels, numbers or strings, mapped to class indices (see {@link
 * CsvTable#classNames()}):
 *
 * <pre>{@code
 * CsvTable iris = CsvReader.withHeader().label("species").read(Path.of("iris.csv"));
 * Dataset data = iris.dataset();             // species as 0, 1, 2
 * List<String> names = iris.classNames();    // what 0, 1 and 2 stand for
 * }</pre>
 *
 * <p>{@link #sklearn()} reads the data files that scikit-learn ships, whose first line is a count
 * header such as {@code 150,4,setosa,versicolor,virginica}: the number of rows, of features,
 * then the class names; each row is the features and the class index.
 *
 * <p>Fields are separated by a comma (or {@link #delimiter}), may be quoted with {@code "} (a
 * doubled {@code ""} inside stands for one), and are trimmed. Blank lines are skipped. An error
 * names the file, the line (1-based, as an editor shows it) and the column (its header name and
 * 0-based index, the index {@link #label(int)} and {@link #features(int...)} take).
 */
public final class CsvReader {
  private enum Header { NAMES, NONE, SKLEARN_COUNTS }

  private final Header header;
  private char delimiter = ',';
  private String labelName;
  private int labelIndex = -1;
  private List<String> featureNames;
  private int[] featureIndices;

  private CsvReader(Header header) {
    this.header = header;
  }

  /** {@return a reader for files whose first line names the columns} */
  public static CsvReader withHeader() {
    return new CsvReader(Header.NAMES);
  }

  /** {@return a reader for files without a header: columns are chosen by 0-based index} */
  public static CsvReader withoutHeader() {
    return new CsvReader(Header.NONE);
  }

  /**
   * A reader for scikit-learn's data files ({@code sklearn/datasets/data/iris.csv}, {@code
   * wine_data.csv}, {@code breast_cancer.csv}): the count header, then rows of features and the
   * class index as the last column, which is the label.
   *
   * @return a reader for the count-header format
   */
  public static CsvReader sklearn() {
    return new CsvReader(Header.SKLEARN_COUNTS);
  }

  /**
   * The field separator, {@code ','} by default.
   *
   * @param delimiter the separator, such as {@code ';'} or {@code '\t'}
   * @return this reader
   */
  public CsvReader delimiter(char delimiter) {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("the delimiter cannot be " + quoteChar(delimiter));
    }
    this.delimiter = delimiter;
    return this;
  }

  /**
   * The label column, by its header name.
   *
   * @param name the column's name in the header
   * @return this reader
   * @throws IllegalStateException if this reader reads files without a header
   */
  public CsvReader label(String name) {
    requireHeaderFor("label(\"" + name + "\")");
    this.labelName = name;
    this.labelIndex = -1;
    return this;
  }

  /**
   * The label column, by 0-based index.
   *
   * @param index the column's 0-based index
   * @return this reader
   */
  public CsvReader label(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("column index must be >= 0, found " + index);
    }
    this.labelIndex = index;
    this.labelName = null;
    return this;
  }

  /**
   * The feature columns by header name, in this order; every column but the label by default.
   *
   * @param names the columns' names in the header
   * @return this reader
   * @throws IllegalStateException if this reader reads files without a header
   */
  public CsvReader features(String... names) {
    requireHeaderFor("features(names)");
    this.featureNames = List.of(names);
    this.featureIndices = null;
    return this;
  }

  /**
   * The feature columns by 0-based index, in this order.
   *
   * @param indices the columns' 0-based indices
   * @return this reader
   */
  public CsvReader features(int... indices) {
    for (int index : indices) {
      if (index < 0) {
        throw new IllegalArgumentException("column index must be >= 0, found " + index);
      }
    }
    this.featureIndices = indices.clone();
    this.featureNames = null;
    return this;
  }

  /**
   * Reads the file as UTF-8.
   *
   * @throws NoSuchFileException if it does not exist
   * @throws IOException if it cannot be read or does not fit, naming the line and column
   * @param file a CSV file
   * @return the table read
   */
  public CsvTable read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads CSV text; {@code source} names it in error messages.
   *
   * @param text the whole CSV content
   * @param source what the text is called in error messages, such as a file name
   * @return the table read
   * @throws IOException if the text does not fit, naming the line and column
   */
  public CsvTable read(String text, String source) throws IOException {
    return read(new BufferedReader(new StringReader(text)), source);
  }

  private CsvTable read(BufferedReader in, String source) throws IOException {
    CsvLines lines = new CsvLines(in, source, delimiter);
    List<String> columns = null;
    SklearnCounts counts = null;
    List<String> first = lines.next();
    if (first == null) {
      throw new IOException(source + ": the file is empty");
    }
    if (header == Header.NAMES) {
      columns = first;
      first = lines.next();
    } else if (header == Header.SKLEARN_COUNTS) {
      counts = SklearnCounts.parse(first, lines.lineNumber(), source);
      first = lines.next();
    }
    if (first == null) {
      throw new IOException(source + ": no data rows" + (columns != null ? " after the header" : ""));
    }
    int width = columns != null ? columns.size() : first.size();
    if (counts != null && width != counts.features() + 1) {
      throw lines.error("expected " + counts.features() + " features and a class index ("
          + (counts.features() + 1) + " columns) as the count header says, found " + width);
    }
    int label = counts != null ? width - 1 : labelColumn(columns, width, source);
    int[] features = featureColumns(columns, width, label, source);
    List<String> names = new ArrayList<>();
    for (int column : features) {
      names.add(columns != null ? columns.get(column) : String.valueOf(column));
    }

    List<float[]> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> labelLines = new ArrayList<>();
    for (List<String> fields = first; fields != null; fields = lines.next()) {
      if (fields.size() != width) {
        throw lines.error("expected " + width + " columns"
            + (columns != null ? " as the header names" : " as the first row has") + ", found "
            + fields.size());
      }
      float[] row = new float[features.length];
      for (int f = 0; f < features.length; f++) {
        row[f] = number(fields.get(features[f]), lines, columnName(columns, features[f]));
      }
      rows.add(row);
      if (label >= 0) {
        String value = fields.get(label);
        if (value.isEmpty()) {
          throw lines.error(columnName(columns, label) + ": the label is empty");
        }
        labels.add(value);
        labelLines.add(lines.lineNumber());
      }
    }
    float[][] table = rows.toArray(new float[0][]);
    if (counts != null) {
      if (table.length != counts.samples()) {
        throw new IOException(source + " line 1: the count header says " + counts.samples()
            + " rows, the file has " + table.length);
      }
      int[] classes = new int[labels.size()];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = counts.classIndex(labels.get(i), source + " line " + labelLines.get(i) + ", " + columnName(null, label));
      }
      return new CsvTable(names, table, classes, counts.classNames());
    }
    if (label < 0) {
      return new CsvTable(names, table, null, null);
    }
    List<String> classNames = classNames(labels);
    int[] classes = new int[labels.size()];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = classNames.indexOf(labels.get(i));
    }
    return new CsvTable(names, table, classes, classNames);
  }

  /** Distinct labels, sorted numerically if every one is a number, else as strings. */
  private static List<String> classNames(List<String> labels) {
    boolean numeric = true;
    for (String label : labels) {
      numeric &= parsesAsNumber(label);
    }
    // "1.0" and "1" are different labels that sort together; the string order breaks the tie.
    TreeSet<String> distinct = numeric
        ? new TreeSet<>(Comparator.comparingDouble(Double::parseDouble)
            .thenComparing(Comparator.naturalOrder()))
        : new TreeSet<>();
    distinct.addAll(labels);
    return List.copyOf(distinct);
  }

  private static boolean parsesAsNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static float number(String text, CsvLines lines, String column) throws IOException {
    float value;
    try {
      value = Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw lines.error(column + ": " + (text.isEmpty() ? "the field is empty" : "'" + text
          + "' is not a number") + "; every feature column must hold numbers");
    }
    if (!Float.isFinite(value)) {
      throw lines.error(column + ": '" + text + "' is not a finite float");
    }
    return value;
  }

  private int labelColumn(List<String> columns, int width, String source) throws IOException {
    if (labelName != null) {
      return columnIndex(columns, labelName, source);
    }
    if (labelIndex >= width) {
      throw new IOException(source + ": label column index " + labelIndex
          + " is out of range; the file has " + width + " columns");
    }
    return labelIndex;
  }

  private int[] featureColumns(List<String> columns, int width, int label, String source)
      throws IOException {
    int[] chosen;
    if (featureNames != null) {
      chosen = new int[featureNames.size()];
      for (int i = 0; i < chosen.length; i++) {
        chosen[i] = columnIndex(columns, featureNames.get(i), source);
      }
    } else if (featureIndices != null) {
      chosen = featureIndices.clone();
    } else {
      chosen = new int[label >= 0 ? width - 1 : width];
      for (int column = 0, i = 0; column < width; column++) {
        if (column != label) {
          chosen[i++] = column;
        }
      }
    }
    if (chosen.length == 0) {
      throw new IOException(source + ": no feature columns chosen");
    }
    for (int column : chosen) {
      if (column >= width) {
        throw new IOException(source + ": feature column index " + column
            + " is out of range; the file has " + width + " columns");
      }
      if (column == label) {
        throw new IOException(source + ": column " + columnName(columns, column)
            + " is both the label and a feature");
      }
    }
    return chosen;
  }

  private static int columnIndex(List<String> columns, String name, String source) throws IOException {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new IOException(source + ": no column named '" + name + "'; the header names "
          + String.join(", ", columns));
    }
    return index;
  }

  /** {@code column 'petal_length' (index 2)}, or {@code column index 2} without a header. */
  static String columnName(List<String> columns, int index) {
    return columns != null
        ? "column '" + columns.get(index) + "' (index " + index + ")"
        : "column index " + index;
  }

  private void requireHeaderFor(String call) {
    if (header != Header.NAMES) {
      throw new IllegalStateException(call + " chooses a column by header name, but this reader"
          + " reads files " + (header == Header.NONE ? "without a header" : "with a count header")
          + "; choose the column by index");
    }
  }

  private static String quoteChar(char c) {
    return c == '\n' ? "'\\n'" : c == '\r' ? "'\\r'" : "'" + c + "'";
  }

  /** The first line of a scikit-learn data file: rows, features, then the class names. */
  private record SklearnCounts(int samples, int features, List<String> classNames) {
    static SklearnCounts parse(List<String> fields, int line, String source) throws IOException {
      String where = source + " line " + line + ": ";
      if (fields.size() < 3) {
        throw new IOException(where + "expected a count header such as"
            + " '150,4,setosa,versicolor,virginica' (rows, features, class names), found "
            + String.join(",", fields));
      }
      int samples;
      int features;
      try {
        samples = Integer.parseInt(fields.get(0));
        features = Integer.parseInt(fields.get(1));
      } catch (NumberFormatException e) {
        throw new IOException(where + "expected the count header to start with the number of"
            + " rows and of features, found '" + fields.get(0) + "," + fields.get(1) + "'");
      }
      return new SklearnCounts(samples, features, fields.subList(2, fields.size()));
    }

    int classIndex(String text, String where) throws IOException {
      int index;
      try {
        index = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        index = -1;
      }
      if (index < 0 || index >= classNames.size()) {
        throw new IOException(where + ": class index '" + text
            + "' is not one of 0 to " + (classNames.size() - 1) + " for the classes the count"
            + " header names (" + String.join(", ", classNames) + ")");
      }
      return index;
    }
  }

  /** Splits lines into trimmed fields, skipping blank lines and counting line numbers. */
  private static final class CsvLines {
    private final BufferedReader in;
    private final String source;
    private final char delimiter;
    private int lineNumber;

    CsvLines(Reader in, String source, char delimiter) {
      this.in = in instanceof BufferedReader b ? b : new BufferedReader(in);
      this.source = source;
      this.delimiter = delimiter;
    }

    int lineNumber() {
      return lineNumber;
    }

    IOException error(String message) {
      return new IOException(source + " line " + lineNumber + ": " + message);
    }

    /** The next non-blank line's fields, or null at the end. */
    List<String> next() throws IOException {
      String line;
      do {
        line = in.readLine();
        if (line == null) {
          return null;
        }
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a byte order mark, as spreadsheet programs write
        }
      } while (line.isBlank());
      return split(line);
    }

    private List<String> split(String line) throws IOException {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"' && field.toString().isBlank()) {
          quoted = true;
          field.setLength(0);
        } else if (c == delimiter) {
          fields.add(field.toString().strip());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      if (quoted) {
        throw error("a quoted field is not closed (a field cannot span lines)");
      }
      fields.add(field.toString().strip());
      return fields;
    }
  }

  @Override
  public String toString() {
    return "CsvReader[" + header + ", delimiter " + quoteChar(delimiter)
        + (labelName != null ? ", label '" + labelName + "'" : labelIndex >= 0 ? ", label " + labelIndex : "")
        + (featureNames != null ? ", features " + featureNames : featureIndices != null ? ", features " + Arrays.toString(featureIndices) : "")
        + "]";
  }
}
