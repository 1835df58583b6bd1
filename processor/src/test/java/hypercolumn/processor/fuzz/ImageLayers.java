package hypercolumn.processor.fuzz;

import hypercolumn.Activation;
import hypercolumn.Padding;
import hypercolumn.processor.fuzz.Declaration.Annotation;
import hypercolumn.processor.fuzz.Declaration.Conv2D;
import hypercolumn.processor.fuzz.Declaration.Dropout;
import hypercolumn.processor.fuzz.Declaration.Flatten;
import hypercolumn.processor.fuzz.Declaration.GlobalAvgPool2D;
import hypercolumn.processor.fuzz.Declaration.Literal;
import hypercolumn.processor.fuzz.Declaration.Pool2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The image part of a random network for {@link RandomNetworks}: a (C, H, W) input, then
 * convolutions and poolings, then a flatten or a global average pooling (or, now and then,
 * neither, or one too many). A tame network picks sizes that are legal one by one, and may still
 * shrink its image below a window; a wild one also writes values every rule rejects.
 */
final class ImageLayers {
  private static final Activation[] TAME_ACTIVATIONS = {
    Activation.RELU, Activation.TANH, Activation.SIGMOID, Activation.LEAKY_RELU, Activation.ELU, Activation.IDENTITY
  };

  private final SplittableRandom random;
  private final boolean wild;

  ImageLayers(SplittableRandom random, boolean wild) {
    this.random = random;
    this.wild = wild;
  }

  List<Literal> input() {
    List<Literal> dims = new ArrayList<>();
    dims.add(Literal.ofInt(1 + random.nextInt(4)));
    dims.add(Literal.ofInt(6 + random.nextInt(23)));
    dims.add(Literal.ofInt(chance(60) ? dims.get(1).intValue() : 6 + random.nextInt(23)));
    if (wild && chance(8)) {
      int which = random.nextInt(3);
      dims.set(which, Literal.ofInt(pick(new int[] {0, -1, -3})));
    } else if (wild && chance(4)) {
      dims.remove(random.nextInt(3)); // rank 2
    }
    return dims;
  }

  /** The layers before the dense head, one annotation per field. */
  List<Annotation> layers() {
    List<Annotation> layers = new ArrayList<>();
    int blocks = 1 + random.nextInt(3);
    for (int i = 0; i < blocks; i++) {
      if (chance(75)) {
        layers.add(conv());
        if (chance(40)) {
          layers.add(pool());
        }
      } else {
        layers.add(pool());
      }
      if (chance(10)) {
        layers.add(new Dropout(new Literal("0.25", 0.25), null, true));
      }
    }
    int head = random.nextInt(100);
    if (head < 65) {
      layers.add(new Flatten());
    } else if (head < 90) {
      layers.add(new GlobalAvgPool2D());
    } else if (head < 94 && wild) {
      layers.add(new Flatten());
      layers.add(new Flatten()); // a flatten of a flat input
    }
    return layers;
  }

  private Conv2D conv() {
    int filters = wild && chance(4) ? pick(new int[] {0, -2}) : 1 + random.nextInt(8);
    List<Integer> kernel = chance(70) ? List.of(1 + random.nextInt(5)) : List.of(1 + random.nextInt(5), 1 + random.nextInt(5));
    if (wild && chance(6)) {
      kernel = badSize();
    }
    List<Integer> stride = chance(70) ? null : chance(60) ? List.of(2) : List.of(1 + random.nextInt(2), 1 + random.nextInt(3));
    if (wild && chance(4)) {
      stride = badSize();
    }
    List<Integer> dilation = chance(85) ? null : chance(70) ? List.of(2) : List.of(1, 2);
    if (wild && chance(3)) {
      dilation = badSize();
    }
    Padding padding = chance(50) ? null : chance(50) ? Padding.SAME : Padding.VALID;
    List<Integer> pad = null;
    if (padding != Padding.SAME && chance(25) || wild && chance(4)) {
      pad = padValues();
    }
    Activation activation = chance(25) ? null : pick(TAME_ACTIVATIONS);
    if (wild && chance(6)) {
      activation = chance(50) ? Activation.SOFTMAX : Activation.HEAVISIDE;
    }
    Literal alpha = null;
    boolean wantsAlpha = activation == Activation.LEAKY_RELU || activation == Activation.ELU;
    if (wantsAlpha && chance(40) || wild && chance(4)) {
      alpha = pick(new Literal[] {new Literal("0.1", 0.1), new Literal("0.02", 0.02), new Literal("1.5", 1.5)});
      if (wild && chance(30)) {
        alpha = pick(new Literal[] {new Literal("-1", -1), new Literal("0", 0), new Literal("Double.NaN", Double.NaN)});
      }
    }
    Boolean bias = chance(75) ? null : random.nextBoolean();
    return new Conv2D(filters, kernel, stride, padding, pad, dilation, activation, alpha, bias);
  }

  private Pool2D pool() {
    List<Integer> size = chance(40) ? null : chance(70) ? List.of(2 + random.nextInt(2)) : List.of(1 + random.nextInt(3), 2);
    if (wild && chance(6)) {
      size = badSize();
    }
    List<Integer> stride = chance(75) ? null : List.of(1 + random.nextInt(2));
    if (wild && chance(3)) {
      stride = badSize();
    }
    Padding padding = chance(70) ? null : chance(50) ? Padding.SAME : Padding.VALID;
    List<Integer> pad = null;
    if (padding != Padding.SAME && chance(15) || wild && chance(5)) {
      pad = wild && chance(50) ? padValues() : List.of(1); // at most half of a window of 2 or 3
    }
    return new Pool2D(chance(60), size, stride, padding, pad);
  }

  /** Explicit padding: mostly 1, 2 or 4 values that fit; wild, also negative or of another length. */
  private List<Integer> padValues() {
    if (wild && chance(30)) {
      return pick(List.of(List.of(-1), List.of(1, 1, 1), List.of(0, 0, 0, 0, 0), List.of(), List.of(3), List.of(2, 0)));
    }
    return pick(List.of(List.of(1), List.of(0), List.of(1, 0), List.of(0, 1, 1, 0), List.of(1, 1, 0, 0)));
  }

  private List<Integer> badSize() {
    return pick(List.of(List.of(), List.of(0), List.of(-1), List.of(2, 2, 2), List.of(3, 0)));
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private int pick(int[] options) {
    return options[random.nextInt(options.length)];
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
