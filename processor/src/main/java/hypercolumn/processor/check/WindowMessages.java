package hypercolumn.processor.check;

import hypercolumn.processor.model.Shape;
import java.util.List;

/** The messages of the convolution and pooling checks, each with its stable id. */
final class WindowMessages {
  private WindowMessages() {}

  static String notPositive(String kind, String layer, String attribute, Object written, String fix) {
    return "[" + kind + "/NotPositive] @" + kind + " '" + layer + "' has " + attribute + " = " + written
        + ", but every " + attribute + " must be at least 1. " + fix;
  }

  static String wrongLength(String kind, String layer, String attribute, List<Integer> written, String expected) {
    return "[" + kind + "/WrongLength] @" + kind + " '" + layer + "' has " + attribute + " = " + braces(written)
        + " (" + written.size() + " values), but " + attribute + " takes " + expected + ".";
  }

  static String padNegative(String kind, String layer, List<Integer> pad) {
    return "[" + kind + "/PadNegative] @" + kind + " '" + layer + "' has pad = " + braces(pad)
        + ", but padding cannot be negative. Give each side 0 or more cells.";
  }

  static String padWithSame(String kind, String layer, List<Integer> pad) {
    return "[" + kind + "/PadWithSame] @" + kind + " '" + layer + "' has both padding = SAME and pad = "
        + braces(pad) + ". Give one: padding = SAME works the padding out, pad gives it explicitly.";
  }

  static String poolPadTooLarge(String kind, String layer, int pad, String side, int window) {
    return "[" + kind + "/PadTooLarge] @" + kind + " '" + layer + "' pads " + pad + " cells on the " + side
        + ", but a pooling window of " + window + " takes at most " + window / 2
        + " (half the window, as PyTorch requires), or every window there would hold only padding.";
  }

  static String softmax(String layer) {
    return "[Conv2D/Softmax] @Conv2D '" + layer + "' uses SOFTMAX, which is a row operation over classes."
        + " Put @Flatten and a @Dense after the convolution, and use Loss.SOFTMAX_CROSS_ENTROPY.";
  }

  static String needsImage(String kind, String layer, String producer, Shape found) {
    return "[Shape/" + kind + "NeedsImage] @" + kind + " '" + layer + "' needs a (C, H, W) input, but "
        + source(producer) + " produces " + found + ", which is flat. Declare an image input such as"
        + " input = {1, 28, 28}, or remove '" + layer + "'.";
  }

  /**
   * The window does not fit its padded input along one dimension; shows PyTorch's output-size
   * arithmetic so the reader sees which number to change.
   */
  static String windowTooLarge(String kind, String layer, String dimension, int size, int padBefore,
      int padAfter, int window, int stride, int dilation, Shape input) {
    int span = dilation * (window - 1) + 1;
    int numerator = size + padBefore + padAfter - dilation * (window - 1) - 1;
    return "[Shape/WindowTooLarge] @" + kind + " '" + layer + "' has a window of " + window
        + (dilation > 1 ? " with dilation " + dilation + " (spanning " + span + " cells)" : "")
        + " along the " + dimension + ", larger than its padded input of " + size + " + " + padBefore + " + "
        + padAfter + " = " + (size + padBefore + padAfter) + " (input " + input + "): the output " + dimension
        + " would be floor((" + size + " + " + padBefore + " + " + padAfter + " - " + dilation + " * (" + window
        + " - 1) - 1) / " + stride + ") + 1 = " + (Math.floorDiv(numerator, stride) + 1)
        + ", below 1. Use a smaller window, more padding (padding = SAME), or drop a pooling layer before it.";
  }

  static String inputRank(String network, Shape input) {
    return "[Input/Rank] @Network on '" + network + "' has input = " + input + " (" + input.rank()
        + " sizes), but an input is flat, {n}, or an image, {C, H, W} (channels first, as in PyTorch).";
  }

  private static String source(String producer) {
    return producer == null ? "the network input" : "'" + producer + "'";
  }

  static String braces(List<Integer> values) {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(values.get(i));
    }
    return text.append('}').toString();
  }
}
