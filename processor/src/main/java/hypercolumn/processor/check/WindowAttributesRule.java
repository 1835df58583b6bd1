package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.Padding;
import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Origin;
import hypercolumn.processor.model.Pool2DSpec;
import java.util.List;

/**
 * The attributes of {@code @Conv2D}, {@code @MaxPool2D} and {@code @AvgPool2D} as written:
 * sizes of one or two values, each at least 1; padding of 1, 2 or 4 values, none negative, not
 * beside {@code padding = SAME}, and for pooling at most half the window. Whether the window fits
 * its input is a shape check ({@link WindowChecks}).
 */
final class WindowAttributesRule implements Rule {
  private static final String ONE_OR_TWO = "one value, {k}, or two, {height, width}";

  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    for (LayerSpec layer : network.layers()) {
      if (layer instanceof Conv2DSpec conv) {
        checkConv(conv, out);
      } else if (layer instanceof Pool2DSpec pool) {
        checkPool(pool, out);
      }
    }
  }

  private static void checkConv(Conv2DSpec conv, List<Diagnostic> out) {
    String kind = conv.kind();
    if (conv.filters() < 1) {
      out.add(Diagnostic.error(WindowMessages.notPositive(kind, conv.name(), "filters", conv.filters(),
          "Give the number of output channels, for example filters = 32."), conv.origin().attribute("filters")));
    }
    sizes(kind, conv.name(), "kernel", conv.kernel(), false, conv.origin(), out);
    sizes(kind, conv.name(), "stride", conv.stride(), false, conv.origin(), out);
    sizes(kind, conv.name(), "dilation", conv.dilation(), false, conv.origin(), out);
    padding(kind, conv.name(), conv.pad(), conv.paddingRule(), conv.origin(), out);
    if (conv.activation() == Activation.SOFTMAX) {
      out.add(Diagnostic.error(WindowMessages.softmax(conv.name()), conv.origin().attribute("activation")));
    }
    DenseAttributesRule.checkAlpha(kind, "@Conv2D", conv.name(), conv.activation(), conv.alpha(), conv.origin(), out);
  }

  private static void checkPool(Pool2DSpec pool, List<Diagnostic> out) {
    String kind = pool.kind();
    boolean sizesFine = sizes(kind, pool.name(), "size", pool.size(), false, pool.origin(), out);
    sizes(kind, pool.name(), "stride", pool.stride(), true, pool.origin(), out);
    if (padding(kind, pool.name(), pool.pad(), pool.paddingRule(), pool.origin(), out) && sizesFine
        && !pool.pad().isEmpty()) {
      var sides = pool.padding(hypercolumn.processor.model.Shape.of(1, 1, 1));
      int[][] checks = {
        {sides.top(), pool.windowHeight()}, {sides.bottom(), pool.windowHeight()},
        {sides.left(), pool.windowWidth()}, {sides.right(), pool.windowWidth()}};
      String[] names = {"top", "bottom", "left", "right"};
      for (int i = 0; i < checks.length; i++) {
        if (checks[i][0] > checks[i][1] / 2) {
          out.add(Diagnostic.error(WindowMessages.poolPadTooLarge(kind, pool.name(), checks[i][0], names[i],
              checks[i][1]), pool.origin().attribute("pad")));
          return;
        }
      }
    }
  }

  /** Checks a size written as one value or two (or none, where {@code mayBeEmpty}); true if fine. */
  private static boolean sizes(String kind, String layer, String attribute, List<Integer> written,
      boolean mayBeEmpty, Origin origin, List<Diagnostic> out) {
    if (written.size() > 2 || (written.isEmpty() && !mayBeEmpty)) {
      out.add(Diagnostic.error(WindowMessages.wrongLength(kind, layer, attribute, written, ONE_OR_TWO),
          origin.attribute(attribute)));
      return false;
    }
    for (int value : written) {
      if (value < 1) {
        out.add(Diagnostic.error(WindowMessages.notPositive(kind, layer, attribute, WindowMessages.braces(written),
            attribute.equals("kernel") || attribute.equals("size") ? "A window has at least one cell."
                : "A step or spacing of 1 means every cell."), origin.attribute(attribute)));
        return false;
      }
    }
    return true;
  }

  /** Checks an explicit {@code pad}; true if it is fine (or absent). */
  private static boolean padding(String kind, String layer, List<Integer> pad, Padding rule, Origin origin,
      List<Diagnostic> out) {
    if (pad.isEmpty()) {
      return true;
    }
    if (pad.size() == 3 || pad.size() > 4) {
      out.add(Diagnostic.error(WindowMessages.wrongLength(kind, layer, "pad", pad,
          "one value, {p}, two, {height, width}, or four, {top, bottom, left, right}"), origin.attribute("pad")));
      return false;
    }
    if (pad.stream().anyMatch(p -> p < 0)) {
      out.add(Diagnostic.error(WindowMessages.padNegative(kind, layer, pad), origin.attribute("pad")));
      return false;
    }
    if (rule == Padding.SAME) {
      out.add(Diagnostic.error(WindowMessages.padWithSame(kind, layer, pad), origin.attribute("pad")));
      return false;
    }
    return true;
  }
}
