package hypercolumn.processor.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Typed access to one annotation's values, defaults included. A value javac could not resolve
 * (javac has already reported it) reads as the fallback.
 */
final class AnnotationValues {
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> values;
  private final AnnotationMirror mirror;

  AnnotationValues(Elements elements, AnnotationMirror mirror) {
    this.values = elements.getElementValuesWithDefaults(mirror);
    this.mirror = mirror;
  }

  /** Whether the user wrote the attribute, as opposed to leaving its default. */
  boolean written(String name) {
    return mirror.getElementValues().keySet().stream().anyMatch(k -> k.getSimpleName().contentEquals(name));
  }

  /** The written int, empty if left to its default or unreadable. */
  OptionalInt writtenInt(String name) {
    return written(name) && raw(name) instanceof Integer i ? OptionalInt.of(i) : OptionalInt.empty();
  }

  /** The written double, empty if left to its default or unreadable. */
  OptionalDouble writtenDouble(String name) {
    return written(name) && raw(name) instanceof Double d ? OptionalDouble.of(d) : OptionalDouble.empty();
  }

  private Object raw(String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : values.entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue().getValue();
      }
    }
    return null;
  }

  boolean booleanValue(String name, boolean fallback) {
    return raw(name) instanceof Boolean b ? b : fallback;
  }

  double doubleValue(String name, double fallback) {
    return raw(name) instanceof Double d ? d : fallback;
  }

  String stringValue(String name, String fallback) {
    return raw(name) instanceof String s ? s : fallback;
  }

  /** The constant's name of an enum value, for example {@code RELU}. */
  Optional<String> enumName(String name) {
    return raw(name) instanceof VariableElement constant
        ? Optional.of(constant.getSimpleName().toString())
        : Optional.empty();
  }

  List<Integer> intList(String name) {
    List<Integer> result = new ArrayList<>();
    if (raw(name) instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof AnnotationValue value && value.getValue() instanceof Integer i) {
          result.add(i);
        }
      }
    }
    return result;
  }
}
