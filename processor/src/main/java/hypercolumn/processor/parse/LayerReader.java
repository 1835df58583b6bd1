package hypercolumn.processor.parse;

import hypercolumn.Activation;
import hypercolumn.Padding;
import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.BatchNormSpec;
import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.FlattenSpec;
import hypercolumn.processor.model.GlobalAvgPool2DSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.Pool2DSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** Turns one layer annotation on a field into its {@link LayerSpec}; one case per layer kind. */
final class LayerReader {
  private final Elements elements;

  LayerReader(Elements elements) {
    this.elements = elements;
  }

  /** The layer the annotation declares, or empty if it is not a layer annotation. */
  Optional<LayerSpec> read(VariableElement field, AnnotationMirror mirror) {
    String name = field.getSimpleName().toString();
    JavacOrigin origin = JavacOrigin.of(field, mirror);
    AnnotationValues values = new AnnotationValues(elements, mirror);
    String type = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
    switch (type) {
      case "hypercolumn.Dense":
        return Optional.of(
            new DenseSpec(
                name,
                origin,
                values.writtenInt("value"),
                values.writtenInt("units"),
                values.enumName("activation").map(Activation::valueOf).orElse(Activation.IDENTITY),
                values.writtenDouble("alpha"),
                values.booleanValue("bias", true)));
      case "hypercolumn.Dropout":
        return Optional.of(
            new DropoutSpec(
                name, origin, values.writtenDouble("value"), values.writtenDouble("rate")));
      case "hypercolumn.ActivationLayer":
        return Optional.of(
            new ActivationSpec(
                name,
                origin,
                values.enumName("value").map(Activation::valueOf).orElse(Activation.IDENTITY),
                values.writtenDouble("alpha")));
      case "hypercolumn.BatchNorm":
        return Optional.of(
            new BatchNormSpec(
                name,
                origin,
                values.doubleValue("momentum", 0.1),
                values.doubleValue("eps", 1e-5),
                values.booleanValue("affine", true)));
      case "hypercolumn.Conv2D":
        return Optional.of(
            new Conv2DSpec(
                name,
                origin,
                values.writtenInt("filters").orElse(0),
                values.intList("kernel"),
                values.written("stride") ? values.intList("stride") : List.of(1),
                padding(values),
                values.intList("pad"),
                values.written("dilation") ? values.intList("dilation") : List.of(1),
                values.enumName("activation").map(Activation::valueOf).orElse(Activation.IDENTITY),
                values.writtenDouble("alpha"),
                values.booleanValue("bias", true)));
      case "hypercolumn.MaxPool2D":
        return Optional.of(pool(name, origin, Pool2DSpec.Mode.MAX, values));
      case "hypercolumn.AvgPool2D":
        return Optional.of(pool(name, origin, Pool2DSpec.Mode.AVERAGE, values));
      case "hypercolumn.GlobalAvgPool2D":
        return Optional.of(new GlobalAvgPool2DSpec(name, origin));
      case "hypercolumn.Flatten":
        return Optional.of(new FlattenSpec(name, origin));
      default:
        return Optional.empty();
    }
  }

  private static Pool2DSpec pool(String name, JavacOrigin origin, Pool2DSpec.Mode mode, AnnotationValues values) {
    return new Pool2DSpec(
        name,
        origin,
        mode,
        values.written("size") ? values.intList("size") : List.of(2),
        values.intList("stride"),
        padding(values),
        values.intList("pad"));
  }

  private static Padding padding(AnnotationValues values) {
    return values.enumName("padding").map(Padding::valueOf).orElse(Padding.VALID);
  }
}
