package hypercolumn.processor.fuzz;

import hypercolumn.Activation;
import hypercolumn.Padding;
import hypercolumn.processor.fuzz.Declaration.Annotation;
import hypercolumn.processor.fuzz.Declaration.Conv2D;
import hypercolumn.processor.fuzz.Declaration.Flatten;
import hypercolumn.processor.fuzz.Declaration.GlobalAvgPool2D;
import hypercolumn.processor.fuzz.Declaration.Pool2D;
import java.util.List;
import java.util.Set;

/**
 * The {@link Oracle}'s rules for the image layers, written from the annotations' documentation
 * and PyTorch's output-size formula, sharing no code with the processor: the attribute rules,
 * which inputs a kind rejects, and each kind's output shape and parameter count.
 */
final class ImageOracle {
  private ImageOracle() {}

  /** Padding in cells: top, bottom, left, right. */
  private record Sides(long top, long bottom, long left, long right) {}

  static boolean isImageKind(Annotation layer) {
    return layer instanceof Conv2D || layer instanceof Pool2D || layer instanceof GlobalAvgPool2D
        || layer instanceof Flatten;
  }

  static String kind(Annotation layer) {
    if (layer instanceof Conv2D) {
      return "Conv2D";
    }
    if (layer instanceof Pool2D pool) {
      return pool.kind();
    }
    return layer instanceof Flatten ? "Flatten" : "GlobalAvgPool2D";
  }

  static void attributeErrors(Annotation layer, Set<String> errors) {
    if (layer instanceof Conv2D conv) {
      if (conv.filters() < 1) {
        errors.add("Conv2D/NotPositive");
      }
      sizeErrors("Conv2D", conv.kernel(), false, errors);
      sizeErrors("Conv2D", conv.stride(), false, errors);
      sizeErrors("Conv2D", conv.dilation(), false, errors);
      padErrors("Conv2D", conv.pad(), conv.padding(), errors);
      Activation activation = conv.effectiveActivation();
      if (activation == Activation.SOFTMAX) {
        errors.add("Conv2D/Softmax");
      }
      if (conv.alpha() != null) {
        double alpha = conv.alpha().value();
        if (activation == Activation.LEAKY_RELU) {
          if (!(Double.isFinite(alpha) && alpha >= 0)) {
            errors.add("Conv2D/AlphaInvalid");
          }
        } else if (activation == Activation.ELU) {
          if (!(Double.isFinite(alpha) && alpha > 0)) {
            errors.add("Conv2D/AlphaInvalid");
          }
        } else {
          errors.add("Conv2D/AlphaUnused");
        }
      }
    } else if (layer instanceof Pool2D pool) {
      String kind = pool.kind();
      boolean sizeFine = sizeErrors(kind, pool.size(), false, errors);
      sizeErrors(kind, pool.stride(), true, errors);
      boolean padFine = padErrors(kind, pool.pad(), pool.padding(), errors);
      if (sizeFine && padFine && pool.pad() != null && !pool.pad().isEmpty()) {
        Sides sides = explicit(pool.pad());
        long height = windowHeight(pool);
        long width = windowWidth(pool);
        if (sides.top() > height / 2 || sides.bottom() > height / 2 || sides.left() > width / 2
            || sides.right() > width / 2) {
          errors.add(kind + "/PadTooLarge");
        }
      }
    }
  }

  /** One value or two, each at least 1 (an unwritten size takes its default); true if fine. */
  private static boolean sizeErrors(String kind, List<Integer> written, boolean mayBeEmpty, Set<String> errors) {
    if (written == null) {
      return true;
    }
    if (written.size() > 2 || written.isEmpty() && !mayBeEmpty) {
      errors.add(kind + "/WrongLength");
      return false;
    }
    if (written.stream().anyMatch(v -> v < 1)) {
      errors.add(kind + "/NotPositive");
      return false;
    }
    return true;
  }

  /** 1, 2 or 4 values, none negative, not beside SAME; an empty pad is no pad. True if fine. */
  private static boolean padErrors(String kind, List<Integer> pad, Padding padding, Set<String> errors) {
    if (pad == null || pad.isEmpty()) {
      return true;
    }
    if (pad.size() == 3 || pad.size() > 4) {
      errors.add(kind + "/WrongLength");
    } else if (pad.stream().anyMatch(p -> p < 0)) {
      errors.add(kind + "/PadNegative");
    } else if (padding == Padding.SAME) {
      errors.add(kind + "/PadWithSame");
    } else {
      return true;
    }
    return false;
  }

  /** The shape error of an image kind on this input, or null; for another kind, null. */
  static String rejects(Annotation layer, List<Long> input) {
    if (!isImageKind(layer)) {
      return null;
    }
    if (input.size() != 3) {
      return "Shape/" + kind(layer) + "NeedsImage";
    }
    if (layer instanceof Conv2D conv) {
      Sides sides = padding(conv.pad(), conv.padding(), input, kernelHeight(conv), kernelWidth(conv),
          pick(conv.stride(), 0, 1), pick(conv.stride(), 1, 1), pick(conv.dilation(), 0, 1), pick(conv.dilation(), 1, 1));
      boolean fits = input.get(1) + sides.top() + sides.bottom() >= pick(conv.dilation(), 0, 1) * (kernelHeight(conv) - 1) + 1
          && input.get(2) + sides.left() + sides.right() >= pick(conv.dilation(), 1, 1) * (kernelWidth(conv) - 1) + 1;
      return fits ? null : "Shape/WindowTooLarge";
    }
    if (layer instanceof Pool2D pool) {
      Sides sides = poolPadding(pool, input);
      boolean fits = input.get(1) + sides.top() + sides.bottom() >= windowHeight(pool)
          && input.get(2) + sides.left() + sides.right() >= windowWidth(pool);
      return fits ? null : "Shape/WindowTooLarge";
    }
    return null;
  }

  /** The output shape on any input; a flat input passes through a window kind unchanged. */
  static List<Long> output(Annotation layer, List<Long> input) {
    if (layer instanceof Flatten) {
      return List.of(input.stream().reduce(1L, (a, b) -> a * b));
    }
    if (input.size() != 3) {
      return input;
    }
    if (layer instanceof GlobalAvgPool2D) {
      return List.of(input.get(0));
    }
    if (layer instanceof Conv2D conv) {
      long strideH = pick(conv.stride(), 0, 1);
      long strideW = pick(conv.stride(), 1, 1);
      long dilationH = pick(conv.dilation(), 0, 1);
      long dilationW = pick(conv.dilation(), 1, 1);
      Sides sides = padding(conv.pad(), conv.padding(), input, kernelHeight(conv), kernelWidth(conv), strideH, strideW,
          dilationH, dilationW);
      return List.of((long) conv.filters(),
          outputSize(input.get(1), sides.top() + sides.bottom(), kernelHeight(conv), strideH, dilationH),
          outputSize(input.get(2), sides.left() + sides.right(), kernelWidth(conv), strideW, dilationW));
    }
    Pool2D pool = (Pool2D) layer;
    Sides sides = poolPadding(pool, input);
    return List.of(input.get(0),
        outputSize(input.get(1), sides.top() + sides.bottom(), windowHeight(pool), poolStride(pool, 0), 1),
        outputSize(input.get(2), sides.left() + sides.right(), windowWidth(pool), poolStride(pool, 1), 1));
  }

  /** A convolution's weight {@code [filters, C, kh, kw]} and bias; every other image kind has none. */
  static long parameters(Annotation layer, List<Long> input) {
    if (!(layer instanceof Conv2D conv) || input.size() != 3) {
      return 0;
    }
    long weights = (long) conv.filters() * input.get(0) * kernelHeight(conv) * kernelWidth(conv);
    return weights + (conv.hasBias() ? conv.filters() : 0);
  }

  /** PyTorch: {@code floor((n + pads - d (k - 1) - 1) / s) + 1}, and 0 where the window does not fit. */
  private static long outputSize(long n, long pads, long kernel, long stride, long dilation) {
    long span = n + pads - dilation * (kernel - 1) - 1;
    return span < 0 ? 0 : span / stride + 1;
  }

  private static Sides poolPadding(Pool2D pool, List<Long> input) {
    return padding(pool.pad(), pool.padding(), input, windowHeight(pool), windowWidth(pool), poolStride(pool, 0),
        poolStride(pool, 1), 1, 1);
  }

  /** Explicit padding if written; else Keras's SAME (half before, the rest after) or none. */
  private static Sides padding(List<Integer> pad, Padding rule, List<Long> input, long kernelH, long kernelW,
      long strideH, long strideW, long dilationH, long dilationW) {
    if (pad != null && !pad.isEmpty()) {
      return explicit(pad);
    }
    if (rule != Padding.SAME) {
      return new Sides(0, 0, 0, 0);
    }
    long height = samePadding(input.get(1), kernelH, strideH, dilationH);
    long width = samePadding(input.get(2), kernelW, strideW, dilationW);
    return new Sides(height / 2, height - height / 2, width / 2, width - width / 2);
  }

  /** Keras: the output has ceil(n / s) cells, and the padding is whatever that takes. */
  private static long samePadding(long n, long kernel, long stride, long dilation) {
    long outputs = (n + stride - 1) / stride;
    return Math.max(0, (outputs - 1) * stride + dilation * (kernel - 1) + 1 - n);
  }

  private static Sides explicit(List<Integer> pad) {
    return switch (pad.size()) {
      case 1 -> new Sides(pad.get(0), pad.get(0), pad.get(0), pad.get(0));
      case 2 -> new Sides(pad.get(0), pad.get(0), pad.get(1), pad.get(1));
      case 4 -> new Sides(pad.get(0), pad.get(1), pad.get(2), pad.get(3));
      default -> new Sides(0, 0, 0, 0);
    };
  }

  private static long kernelHeight(Conv2D conv) {
    return pick(conv.kernel(), 0, 1);
  }

  private static long kernelWidth(Conv2D conv) {
    return pick(conv.kernel(), 1, 1);
  }

  /** An unwritten pooling size is 2, as the annotation's default. */
  private static long windowHeight(Pool2D pool) {
    return pick(pool.size(), 0, 2);
  }

  private static long windowWidth(Pool2D pool) {
    return pick(pool.size(), 1, 2);
  }

  /** An unwritten or empty stride is the window's size, as in PyTorch. */
  private static long poolStride(Pool2D pool, int index) {
    return pick(pool.stride(), index, index == 0 ? windowHeight(pool) : windowWidth(pool));
  }

  /** Height (0) or width (1) of a size written as {v} or {vh, vw}; the fallback when unwritten. */
  private static long pick(List<Integer> written, int index, long fallback) {
    if (written == null || written.isEmpty()) {
      return fallback;
    }
    return written.size() >= 2 ? written.get(index) : written.get(0);
  }
}
