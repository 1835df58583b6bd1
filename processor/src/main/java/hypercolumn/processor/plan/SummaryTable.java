package hypercolumn.processor.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Keras-style summary of a planned network: one row per layer (name, type, output shape,
 * (C, H, W) for an image, parameter count and forward FLOPs per sample) after an input row, then
 * the totals (trainable and not, as Keras counts them), the activation memory and the FLOPs per
 * sample. The same text is the generated {@code summary()} and the processor's optional note.
 */
public final class SummaryTable {
  private SummaryTable() {}

  public static String render(NetworkPlan plan) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Layer", "Type", "Output shape", "Param #", "FLOPs"});
    rows.add(new String[] {"input", "Input", shape(plan.inputShape().dims()), "0", "0"});
    for (LayerPlan layer : plan.layers()) {
      rows.add(new String[] {layer.name(), layer.kind(), shape(layer.outputShape().dims()), number(layer.parameterCount()),
          number(layer.forwardFlops())});
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < 5; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    int total = widths[0] + widths[1] + widths[2] + widths[3] + widths[4] + 8;
    StringBuilder out = new StringBuilder();
    out.append("Model: ").append(plan.simpleName()).append(" (generated ").append(plan.generatedName()).append(")\n");
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      out.append(pad(row[0], widths[0])).append("  ").append(pad(row[1], widths[1])).append("  ")
          .append(pad(row[2], widths[2])).append("  ")
          .append(" ".repeat(widths[3] - row[3].length())).append(row[3]).append("  ")
          .append(" ".repeat(widths[4] - row[4].length())).append(row[4]).append('\n');
      if (r == 0) {
        out.append("=".repeat(total)).append('\n');
      }
    }
    out.append("=".repeat(total)).append('\n');
    long floats = plan.arenaWidth();
    out.append("Total params: ").append(number(plan.parameterCount())).append('\n');
    out.append("Trainable params: ").append(number(plan.trainableCount())).append('\n');
    out.append("Non-trainable params: ").append(number(plan.parameterCount() - plan.trainableCount())).append('\n');
    out.append("Activation memory per sample: ").append(number(floats)).append(" floats (")
        .append(String.format(Locale.ROOT, "%.1f", floats * 4 / 1024.0)).append(" KiB)\n");
    out.append("FLOPs per sample: ").append(number(plan.forwardFlops())).append(" forward, ")
        .append(number(plan.backwardFlops())).append(" backward (a multiply-add counts as 2)\n");
    return out.toString();
  }

  private static String shape(List<Integer> dims) {
    return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
  }

  static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
