package hypercolumn.processor.fuzz;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.fuzz.Declaration.Annotation;
import hypercolumn.processor.fuzz.Declaration.Constructor;
import hypercolumn.processor.fuzz.Declaration.Dense;
import hypercolumn.processor.fuzz.Declaration.Dropout;
import hypercolumn.processor.fuzz.Declaration.Field;
import hypercolumn.processor.fuzz.Declaration.Literal;
import hypercolumn.processor.fuzz.Declaration.Member;
import hypercolumn.processor.fuzz.Declaration.NameAttribute;
import hypercolumn.processor.fuzz.Declaration.Noise;
import hypercolumn.processor.fuzz.Declaration.Other;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded generator of network declarations, valid and invalid. Case {@code i} of seed {@code s}
 * depends on nothing else, so one case can be regenerated alone. Most choices are valid most of
 * the time, so that about half of the networks are valid and the other half usually break one
 * rule, sometimes several.
 */
final class RandomNetworks {
  private static final String[] CLASS_NAMES = {"Net", "Mlp", "Classifier", "Regressor", "Tiny", "Deep", "Perceptron"};

  /** Field names, including ones the generated class also uses for its own members. */
  private static final String[] FIELD_NAMES = {
    "hidden", "hidden1", "hidden2", "out", "logits", "drop", "dropout", "fc", "dense", "layer", "x", "h",
    "device", "parameters", "gradients", "layers", "arena", "capacity", "batch", "training", "rngKey", "seed",
    "samples", "labels", "offset", "target", "count", "key", "EMPTY", "SUMMARY", "INPUT_SHAPE", "OUT", "Hidden",
    "hidden_1", "hiddenLayer", "HIDDEN_LAYER", "_h", "$h", "h$", "größe", "forward", "backward", "summary",
    "input", "output", "loss", "rng", "kernel", "Layer", "Dense", "fc1Forward", "fc1", "FC1_WEIGHT", "fc1Offset",
    "Fc1ForwardKernel", "hiddenForwardTensors", "a", "b", "c"
  };

  /** Names for {@code @Network(name = ...)} that are legal identifiers. */
  private static final String[] LEGAL_NAMES = {
    "Generated1", "Custom", "MyNet", "Net2", "net", "_Net", "$Net", "Modèle", "Layer", "Dense", "Dropout", "Model",
    "Device", "Tensor", "Parameter", "FusedKernel", "Rng", "List", "Activation", "Loss", "Network"
  };

  /** Names for {@code @Network(name = ...)} that are not legal identifiers. */
  private static final String[] ILLEGAL_NAMES = {
    "my net", "1Net", "class", "a.B", "Net-2", "_", "true", "null", "int", "enum", " Net", "Net!"
  };

  private static final String[] NOISE = {
    "int epochs;", "static final int WIDTH = 3;", "int helper() { return 1; }",
    "static int twice(int x) { return 2 * x; }", "private double rate = 0.5;"
  };

  private final SplittableRandom random;
  private final int index;
  /** A wild case may break any rule; a tame one only picks among valid choices (and may still be invalid). */
  private final boolean wild;

  private RandomNetworks(long seed, int index) {
    this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    this.index = index;
    this.wild = random.nextInt(100) < 55;
  }

  static Declaration generate(long seed, int index) {
    return new RandomNetworks(seed, index).declaration();
  }

  private Declaration declaration() {
    String packageName = "fuzz" + index;
    String className = pick(CLASS_NAMES);
    String modifiers = wild
        ? weighted(new String[] {"abstract", "public abstract", "", "final"}, 86, 6, 4, 4)
        : weighted(new String[] {"abstract", "public abstract"}, 90, 10);
    Constructor constructor = wild
        ? weighted(Constructor.values(), 88, 3, 3, 3, 3)
        : weighted(Constructor.values(), 94, 3, 3, 0, 0);
    Loss loss = pick(Loss.values());
    List<String> companions = new ArrayList<>();
    NameAttribute name = nameAttribute(className, companions);
    // About a third of the networks take images: convolutions and poolings before the dense layers.
    ImageLayers images = random.nextInt(100) < 35 ? new ImageLayers(random.split(), wild) : null;
    List<Literal> input = images != null ? images.input() : input();
    List<Member> members = new ArrayList<>();
    Set<String> used = new HashSet<>();
    if (images != null) {
      for (Annotation layer : images.layers()) {
        members.add(misused(uniqueName(used), List.of(layer)));
      }
    }
    int layers = images != null ? random.nextInt(wild ? 3 : 2) + (wild ? 0 : 1)
        : wild && chance(4) ? 0 : 1 + random.nextInt(6);
    for (int i = 0; i < layers; i++) {
      if (chance(6)) {
        String noise = pick(NOISE);
        if (used.add(noise)) {
          members.add(new Noise(noise));
        }
        if (chance(50)) {
          continue;
        }
      }
      boolean last = i == layers - 1;
      members.add(field(uniqueName(used), last, loss));
    }
    if (wild && chance(3)) {
      members.add(new Field("", "Layer", uniqueName(used), List.of(), null)); // unannotated layer field
    }
    return new Declaration(packageName, className, modifiers, constructor, name, input, loss, List.copyOf(members),
        List.copyOf(companions));
  }

  private NameAttribute nameAttribute(String className, List<String> companions) {
    int roll = wild ? random.nextInt(100) : 3 + random.nextInt(85);
    if (roll < 75) {
      if (roll < 3) {
        companions.add(className + "Net"); // the default name is already taken
      }
      return NameAttribute.ABSENT;
    }
    if (roll < 78) {
      return new NameAttribute("\"\"", true); // empty: the default name
    }
    if (roll < 88) {
      return quoted(pick(LEGAL_NAMES), true);
    }
    if (roll < 94) {
      return quoted(pick(ILLEGAL_NAMES), false);
    }
    if (roll < 97) {
      return quoted(className, true); // the class itself
    }
    companions.add("Taken");
    return quoted("Taken", true);
  }

  private static NameAttribute quoted(String name, boolean identifier) {
    return new NameAttribute("\"" + name + "\"", identifier);
  }

  private List<Literal> input() {
    int rank = !wild ? 1 : chance(3) ? 0 : weighted(new Integer[] {1, 2, 3}, 70, 15, 15);
    List<Literal> dims = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      dims.add(Literal.ofInt(size()));
    }
    return dims;
  }

  /** Mostly small positive sizes; sometimes zero, negative, or large. */
  private int size() {
    int roll = wild ? random.nextInt(100) : 7 + random.nextInt(93);
    if (roll < 3) {
      return 0;
    }
    if (roll < 6) {
      return -1 - random.nextInt(5);
    }
    if (roll < 7) {
      return 1000 + random.nextInt(100_000);
    }
    return 1 + random.nextInt(24);
  }

  private Field field(String name, boolean last, Loss loss) {
    List<Annotation> annotations = new ArrayList<>();
    int roll = wild ? random.nextInt(100) : 4 + random.nextInt(96);
    if (roll < 2) {
      annotations.add(new Other("@Deprecated"));
    } else if (roll < 4) {
      annotations.add(dense(last, loss));
      annotations.add(dropout());
    } else {
      boolean dense = last ? !(wild && chance(5)) : chance(60);
      annotations.add(dense ? dense(last, loss) : dropout());
    }
    return misused(name, annotations);
  }

  /** A layer field, now and then with a type or modifier the rules reject. */
  private Field misused(String name, List<Annotation> annotations) {
    String type = "Layer";
    String modifiers = "";
    String initializer = null;
    int misuse = wild ? random.nextInt(100) : 6 + random.nextInt(94);
    if (misuse < 2) {
      type = pick(new String[] {"int", "String", "Object", "java.util.List<Layer>"});
    } else if (misuse < 3) {
      modifiers = "private";
    } else if (misuse < 4) {
      modifiers = "final";
      initializer = "null";
    } else if (misuse < 5) {
      modifiers = "static";
    } else if (misuse < 6) {
      modifiers = "private static final";
      initializer = "null";
    } else if (misuse < 10) {
      modifiers = pick(new String[] {"protected", "public", "transient", "volatile"});
    }
    return new Field(modifiers, type, name, List.copyOf(annotations), initializer);
  }

  private Dense dense(boolean last, Loss loss) {
    Literal value = null;
    Literal units = null;
    int form = random.nextInt(wild ? 100 : 92);
    Literal width = Literal.ofInt(last && loss == Loss.PERCEPTRON && chance(50) ? 1 : size());
    if (form < 45) {
      value = width;
    } else if (form < 92) {
      units = width;
    } else if (form < 96) {
      value = width;
      units = Literal.ofInt(size());
    }
    Activation activation = chance(40) ? null : pick(Activation.values());
    if (last && loss == Loss.PERCEPTRON && chance(80)) {
      activation = Activation.HEAVISIDE;
    } else if (activation == Activation.HEAVISIDE && (!wild || chance(70))) {
      activation = Activation.TANH;
    } else if (last && loss == Loss.BINARY_CROSS_ENTROPY && activation == Activation.SIGMOID && (!wild || chance(60))) {
      activation = null;
    }
    Literal alpha = null;
    boolean wantsAlpha = activation == Activation.LEAKY_RELU || activation == Activation.ELU;
    if (!wild && wantsAlpha && chance(50)) {
      alpha = pick(new Literal[] {
        new Literal("0.01", 0.01), new Literal("0.3", 0.3), new Literal("2", 2), new Literal("0.25f", 0.25f)
      });
    } else if (wild && chance(wantsAlpha ? 50 : 6)) {
      alpha = pick(new Literal[] {
        new Literal("0.01", 0.01), new Literal("0.3", 0.3), new Literal("1.5", 1.5), new Literal("0", 0),
        new Literal("0.0", 0.0), new Literal("-0.0", -0.0), new Literal("2", 2), new Literal("-0.5", -0.5),
        new Literal("0.25f", 0.25f), new Literal("Double.NaN", Double.NaN),
        new Literal("Double.POSITIVE_INFINITY", Double.POSITIVE_INFINITY), new Literal("1e-3", 1e-3)
      });
    }
    Boolean bias = chance(25) ? random.nextBoolean() : null;
    return new Dense(value, units, activation, alpha, bias, chance(70));
  }

  private Dropout dropout() {
    Literal[] rates = {
      new Literal("0.5", 0.5), new Literal("0.25", 0.25), new Literal("0.1", 0.1), new Literal("0.0", 0.0),
      new Literal("0", 0), new Literal("0.999", 0.999), new Literal("0.4f", 0.4f), new Literal("1.0", 1.0),
      new Literal("1", 1), new Literal("-0.1", -0.1), new Literal("1.5", 1.5), new Literal("Double.NaN", Double.NaN)
    };
    Literal rate = !wild || chance(85) ? rates[random.nextInt(7)] : pick(rates);
    int form = random.nextInt(wild ? 100 : 92);
    if (form < 45) {
      return new Dropout(rate, null, chance(70));
    }
    if (form < 92) {
      return new Dropout(null, rate, false);
    }
    if (form < 96) {
      return new Dropout(rate, pick(rates), false);
    }
    return new Dropout(null, null, false);
  }

  private String uniqueName(Set<String> used) {
    String name = pick(FIELD_NAMES);
    while (!used.add(name)) {
      name = pick(FIELD_NAMES) + used.size();
    }
    return name;
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }

  private <T> T weighted(T[] options, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int roll = random.nextInt(total);
    for (int i = 0; i < options.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return options[i];
      }
    }
    throw new AssertionError();
  }
}
