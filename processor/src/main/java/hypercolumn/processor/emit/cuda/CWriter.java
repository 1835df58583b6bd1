package hypercolumn.processor.emit.cuda;

/** Lines of C with two-space indentation, braces opening and closing a level. */
final class CWriter {
  private final StringBuilder out = new StringBuilder();
  private int depth;

  CWriter line(String text) {
    if (!text.isEmpty()) {
      out.append("  ".repeat(depth)).append(text);
    }
    out.append('\n');
    return this;
  }

  CWriter blank() {
    return line("");
  }

  /** A line ending in {@code {}, then one level deeper. */
  CWriter open(String text) {
    line(text + " {");
    depth++;
    return this;
  }

  /** One level up, then {@code }}. */
  CWriter close() {
    if (depth == 0) {
      throw new IllegalStateException("Expected an open block to close, found none");
    }
    depth--;
    return line("}");
  }

  /** A section banner, as between the kernels of a file. */
  CWriter banner(String title) {
    return line("// --- " + title);
  }

  /** Several lines as they are, already indented. */
  CWriter raw(String text) {
    out.append(text);
    return this;
  }

  @Override
  public String toString() {
    if (depth != 0) {
      throw new IllegalStateException("Expected every block closed, found " + depth + " open");
    }
    return out.toString();
  }
}
