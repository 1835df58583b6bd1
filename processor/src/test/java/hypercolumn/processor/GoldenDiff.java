package hypercolumn.processor;

import java.util.List;

/**
 * What a golden-file mismatch shows: a unified-style diff of the golden file against the
 * generated text, limited to the first differing region with its line numbers and bounded in
 * length, and what to do about it. The region runs from the first line that differs to the last,
 * found by trimming the lines both texts share at the start and at the end; a change that is a
 * few lines shows as those lines, a large one is cut after {@link #MAX_LINES} lines a side.
 */
final class GoldenDiff {
  static final int MAX_LINES = 20;
  private static final int CONTEXT = 2;

  private GoldenDiff() {}

  /** The failure message for {@code generated} differing from the golden file {@code name}. */
  static String mismatch(String name, String golden, String generated) {
    return "generated source differs from " + name + ":\n" + diff(name, golden, generated)
        + "Review the diff. If the change is intended, regenerate with"
        + " -Dhypercolumn.regenerateGolden=true and review `git diff` before committing:"
        + " the goldens only detect change, they are not an oracle.";
  }

  /** The diff, or "" when the texts are equal. */
  static String diff(String name, String golden, String generated) {
    if (golden.equals(generated)) {
      return "";
    }
    List<String> a = List.of(golden.split("\n", -1));
    List<String> b = List.of(generated.split("\n", -1));
    int start = 0;
    while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
      start++;
    }
    int endA = a.size();
    int endB = b.size();
    while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
      endA--;
      endB--;
    }
    int from = Math.max(0, start - CONTEXT);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(name).append(" (golden)\n+++ generated\n");
    out.append(String.format("@@ -%d,%d +%d,%d @@\n", start + 1, endA - start, start + 1, endB - start));
    for (int i = from; i < start; i++) {
      line(out, ' ', i, a.get(i));
    }
    side(out, '-', a, start, endA);
    side(out, '+', b, start, endB);
    for (int i = endA; i < Math.min(a.size(), endA + CONTEXT); i++) {
      line(out, ' ', i, a.get(i));
    }
    return out.toString();
  }

  private static void side(StringBuilder out, char sign, List<String> lines, int from, int to) {
    int shown = Math.min(to, from + MAX_LINES);
    for (int i = from; i < shown; i++) {
      line(out, sign, i, lines.get(i));
    }
    if (to > shown) {
      out.append(sign).append(" ... ").append(to - shown).append(" more lines\n");
    }
  }

  private static void line(StringBuilder out, char sign, int index, String text) {
    out.append(String.format("%c%5d | %s\n", sign, index + 1, text));
  }
}
