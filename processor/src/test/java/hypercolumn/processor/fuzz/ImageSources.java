package hypercolumn.processor.fuzz;

import hypercolumn.processor.fuzz.Declaration.Conv2D;
import hypercolumn.processor.fuzz.Declaration.Pool2D;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders the image layers' annotations, each attribute only where the declaration wrote it. */
final class ImageSources {
  private ImageSources() {}

  static String conv(Conv2D conv) {
    List<String> attributes = new ArrayList<>();
    attributes.add("filters = " + conv.filters());
    sizes(attributes, "kernel", conv.kernel());
    sizes(attributes, "stride", conv.stride());
    if (conv.padding() != null) {
      attributes.add("padding = Padding." + conv.padding().name());
    }
    sizes(attributes, "pad", conv.pad());
    sizes(attributes, "dilation", conv.dilation());
    if (conv.activation() != null) {
      attributes.add("activation = Activation." + conv.activation().name());
    }
    if (conv.alpha() != null) {
      attributes.add("alpha = " + conv.alpha().text());
    }
    if (conv.bias() != null) {
      attributes.add("bias = " + conv.bias());
    }
    return "@Conv2D(" + String.join(", ", attributes) + ")";
  }

  static String pool(Pool2D pool) {
    List<String> attributes = new ArrayList<>();
    sizes(attributes, "size", pool.size());
    sizes(attributes, "stride", pool.stride());
    if (pool.padding() != null) {
      attributes.add("padding = Padding." + pool.padding().name());
    }
    sizes(attributes, "pad", pool.pad());
    String kind = "@" + pool.kind();
    return attributes.isEmpty() ? kind : kind + "(" + String.join(", ", attributes) + ")";
  }

  /** A single value is written both ways, {@code kernel = 3} and {@code kernel = {3}}, by its parity. */
  private static void sizes(List<String> attributes, String name, List<Integer> values) {
    if (values == null) {
      return;
    }
    if (values.size() == 1 && values.get(0) % 2 != 0) {
      attributes.add(name + " = " + values.get(0));
    } else {
      attributes.add(name + " = " + values.stream().map(String::valueOf).collect(Collectors.joining(", ", "{", "}")));
    }
  }
}
