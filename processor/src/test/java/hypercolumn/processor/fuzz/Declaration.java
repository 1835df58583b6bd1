package hypercolumn.processor.fuzz;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.Padding;
import java.util.List;

/**
 * One random network declaration as the fuzzer builds it, before it becomes source text. Every
 * number keeps both its literal (what the source says) and its value (what javac reads), so the
 * oracle never has to parse Java.
 */
record Declaration(
    String packageName,
    String className,
    String classModifiers,
    Constructor constructor,
    NameAttribute name,
    List<Literal> input,
    Loss loss,
    List<Member> members,
    List<String> companionTypes) {

  /** A literal as written and the number javac reads from it. */
  record Literal(String text, double value) {
    static Literal ofInt(int value) {
      return new Literal(Integer.toString(value), value);
    }

    int intValue() {
      return (int) value;
    }
  }

  enum Constructor {
    NONE(""),
    PACKAGE_NO_ARGS("%s() {}"),
    PROTECTED_NO_ARGS("protected %s() {}"),
    PRIVATE_NO_ARGS("private %s() {}"),
    WITH_PARAMETER("%s(int size) {}");

    final String template;

    Constructor(String template) {
      this.template = template;
    }

    boolean accessibleNoArgs() {
      return this == NONE || this == PACKAGE_NO_ARGS || this == PROTECTED_NO_ARGS;
    }
  }

  /**
   * {@code @Network(name = ...)}: absent, or the literal text with what the oracle knows about it
   * (whether it is a legal identifier; a clash is decided against the package's types).
   */
  record NameAttribute(String text, boolean identifier) {
    static final NameAttribute ABSENT = new NameAttribute(null, true);

    boolean written() {
      return text != null;
    }
  }

  /** A member of the class body: a field (maybe a layer) or some unrelated member. */
  sealed interface Member permits Field, Noise {}

  /** A field with its modifiers, type, annotations and optional initializer. */
  record Field(String modifiers, String type, String name, List<Annotation> annotations, String initializer)
      implements Member {
    boolean layerTyped() {
      return type.equals("Layer");
    }

    List<Annotation> layerAnnotations() {
      return annotations.stream().filter(a -> !(a instanceof Other)).toList();
    }
  }

  /** Source text that is not a layer field, such as a method or an int field. */
  record Noise(String text) implements Member {}

  sealed interface Annotation permits Dense, Dropout, Conv2D, Pool2D, GlobalAvgPool2D, Flatten, Other {}

  /**
   * {@code @Dense}; a null component was not written. {@code valueShorthand} writes a lone value
   * as {@code @Dense(8)} rather than {@code @Dense(value = 8)}.
   */
  record Dense(Literal value, Literal units, Activation activation, Literal alpha, Boolean bias, boolean valueShorthand)
      implements Annotation {
    int width() {
      return units != null ? units.intValue() : value != null ? value.intValue() : 0;
    }

    Activation effectiveActivation() {
      return activation == null ? Activation.IDENTITY : activation;
    }

    boolean hasBias() {
      return bias == null || bias;
    }
  }

  /** {@code @Dropout}; a null component was not written. */
  record Dropout(Literal value, Literal rate, boolean valueShorthand) implements Annotation {
    double probability() {
      return rate != null ? rate.value() : value != null ? value.value() : Double.NaN;
    }
  }

  /** An annotation that is not a layer annotation, such as {@code @Deprecated}. */
  record Other(String text) implements Annotation {}

  /**
   * {@code @Conv2D}; a null component was not written. Sizes are the arrays as written ({@code
   * kernel = 3} is {@code [3]}); {@code filters} is always written, since it has no default.
   */
  record Conv2D(int filters, List<Integer> kernel, List<Integer> stride, Padding padding, List<Integer> pad,
      List<Integer> dilation, Activation activation, Literal alpha, Boolean bias) implements Annotation {
    Activation effectiveActivation() {
      return activation == null ? Activation.IDENTITY : activation;
    }

    boolean hasBias() {
      return bias == null || bias;
    }
  }

  /** {@code @MaxPool2D} ({@code max}) or {@code @AvgPool2D}; a null component was not written. */
  record Pool2D(boolean max, List<Integer> size, List<Integer> stride, Padding padding, List<Integer> pad)
      implements Annotation {
    String kind() {
      return max ? "MaxPool2D" : "AvgPool2D";
    }
  }

  /** {@code @GlobalAvgPool2D}. */
  record GlobalAvgPool2D() implements Annotation {}

  /** {@code @Flatten}. */
  record Flatten() implements Annotation {}
}
