package hypercolumn.processor.check;

import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.FlattenSpec;
import hypercolumn.processor.model.GlobalAvgPool2DSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.Pool2DSpec;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.model.Sides;
import java.util.Optional;

/**
 * The input conditions of the image kinds, for {@link ShapeInference}: a convolution, a pooling,
 * a global average pooling and a flatten need a (C, H, W) input, and a window must fit its
 * padded input in both dimensions, so every output size is at least 1.
 */
final class WindowChecks {
  private WindowChecks() {}

  /** Why an image kind cannot take this input, if it cannot; empty for every other kind. */
  static Optional<Diagnostic> rejects(LayerSpec layer, Shape input, String producer) {
    boolean imageKind = layer instanceof Conv2DSpec || layer instanceof Pool2DSpec
        || layer instanceof GlobalAvgPool2DSpec || layer instanceof FlattenSpec;
    if (!imageKind) {
      return Optional.empty();
    }
    if (input.rank() != 3) {
      return Optional.of(Diagnostic.error(
          WindowMessages.needsImage(layer.kind(), layer.name(), producer, input), layer.origin()));
    }
    if (layer instanceof Conv2DSpec conv) {
      return fits(conv.kind(), conv.name(), input, conv.padding(input), conv.kernelHeight(), conv.kernelWidth(),
          conv.strideHeight(), conv.strideWidth(), conv.dilationHeight(), conv.dilationWidth())
          .map(message -> Diagnostic.error(message, conv.origin().attribute("kernel")));
    }
    if (layer instanceof Pool2DSpec pool) {
      return fits(pool.kind(), pool.name(), input, pool.padding(input), pool.windowHeight(), pool.windowWidth(),
          pool.strideHeight(), pool.strideWidth(), 1, 1)
          .map(message -> Diagnostic.error(message, pool.origin().attribute("size")));
    }
    return Optional.empty();
  }

  private static Optional<String> fits(String kind, String layer, Shape input, Sides sides,
      int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int dilationHeight, int dilationWidth) {
    if (input.dim(1) + sides.top() + sides.bottom() < dilationHeight * (kernelHeight - 1) + 1) {
      return Optional.of(WindowMessages.windowTooLarge(kind, layer, "height", input.dim(1), sides.top(),
          sides.bottom(), kernelHeight, strideHeight, dilationHeight, input));
    }
    if (input.dim(2) + sides.left() + sides.right() < dilationWidth * (kernelWidth - 1) + 1) {
      return Optional.of(WindowMessages.windowTooLarge(kind, layer, "width", input.dim(2), sides.left(),
          sides.right(), kernelWidth, strideWidth, dilationWidth, input));
    }
    return Optional.empty();
  }
}
