package hypercolumn.processor.parse;

import hypercolumn.processor.model.Origin;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * A source position javac understands: an element, optionally one of its annotations, optionally
 * one value of that annotation; {@code Messager.printMessage} takes the three as they are.
 */
public record JavacOrigin(Element element, AnnotationMirror mirror, AnnotationValue value)
    implements Origin {

  public static JavacOrigin of(Element element, AnnotationMirror mirror) {
    return new JavacOrigin(element, mirror, null);
  }

  @Override
  public Origin declaration() {
    return new JavacOrigin(element, null, null);
  }

  @Override
  public Origin attribute(String name) {
    if (mirror == null) {
      return this;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return new JavacOrigin(element, mirror, entry.getValue());
      }
    }
    return this;
  }
}
