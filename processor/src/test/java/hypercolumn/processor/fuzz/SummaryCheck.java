package hypercolumn.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the summary table the processor prints with {@code -Ahypercolumn.summary=true}, and the
 * constants of the generated source, and compares both with the oracle's rows and totals.
 */
final class SummaryCheck {
  private SummaryCheck() {}

  static List<String> checkSource(String source, Oracle.Prediction prediction) {
    List<String> problems = new ArrayList<>();
    String count = "PARAMETER_COUNT = " + prediction.totalParameters() + ";";
    if (!source.contains(count)) {
      problems.add("the generated source lacks '" + count + "'");
    }
    return problems;
  }

  static List<String> checkTable(String note, Declaration declaration, Oracle.Prediction prediction) {
    List<String> problems = new ArrayList<>();
    // javac indents the lines after the first of a multi-line message.
    List<String> lines = Arrays.stream(note.substring("[Summary] ".length()).split("\n")).map(String::strip).toList();
    List<Integer> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("=")) {
        rules.add(i);
      }
    }
    if (rules.size() != 2) {
      problems.add("the summary does not have a header and a footer rule:\n" + note);
      return problems;
    }
    List<String> rows = lines.subList(rules.get(0) + 1, rules.get(1));
    List<Oracle.Row> expected = new ArrayList<>();
    List<Long> input = declaration.input().stream().map(l -> (long) l.intValue()).toList();
    expected.add(new Oracle.Row("input", "Input", input, 0));
    expected.addAll(prediction.rows());
    if (rows.size() != expected.size()) {
      problems.add("the summary has " + rows.size() + " rows but the oracle expects " + expected.size());
      return problems;
    }
    for (int i = 0; i < rows.size(); i++) {
      Oracle.Row actual = parseRow(rows.get(i));
      if (!actual.equals(expected.get(i))) {
        problems.add("summary row '" + rows.get(i) + "' reads as " + actual + " but the oracle expects " + expected.get(i));
      }
    }
    String total = "Total params: " + String.format(java.util.Locale.ROOT, "%,d", prediction.totalParameters());
    if (!lines.contains(total)) {
      problems.add("the summary lacks '" + total + "'");
    }
    return problems;
  }

  /**
   * {@code hidden  Dense  (4, 2)  1,234  9,876}: columns are separated by at least two spaces; the
   * last, the FLOPs, is not predicted by the oracle.
   */
  private static Oracle.Row parseRow(String row) {
    String[] columns = row.trim().split(" {2,}");
    if (columns.length != 5) {
      return new Oracle.Row("unreadable: " + row, "", List.of(), -1);
    }
    String shape = columns[2].substring(1, columns[2].length() - 1);
    List<Long> dims = shape.isEmpty() ? List.of() : Arrays.stream(shape.split(", ")).map(Long::parseLong).toList();
    return new Oracle.Row(columns[0], columns[1], dims, Long.parseLong(columns[3].replace(",", "")));
  }
}
