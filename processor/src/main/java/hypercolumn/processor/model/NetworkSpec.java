package hypercolumn.processor.model;

import hypercolumn.Loss;
import java.util.List;
import java.util.Optional;

/**
 * One {@code @Network} class as written.
 *
 * @param packageName the package of the user's class, empty for the default package
 * @param className the user's class name as the generated class refers to it ({@code Outer.Inner}
 *     for a nested class)
 * @param simpleName the user's simple class name
 * @param generatedName the simple name of the class to generate
 * @param input the input shape as written (may be empty or hold non-positive sizes)
 * @param loss the loss, or empty if javac could not read it (javac has reported that)
 * @param fields the layer fields in declaration order
 * @param origin the class and its {@code @Network} annotation
 */
public record NetworkSpec(
    String packageName,
    String className,
    String simpleName,
    String generatedName,
    Shape input,
    Optional<Loss> loss,
    List<FieldSpec> fields,
    ClassFacts facts,
    Origin origin) {
  public NetworkSpec {
    fields = List.copyOf(fields);
  }

  /** The layers, one per field that carries exactly one layer annotation, in order. */
  public List<LayerSpec> layers() {
    return fields.stream().filter(f -> f.layers().size() == 1).map(f -> f.layers().get(0)).toList();
  }
}
