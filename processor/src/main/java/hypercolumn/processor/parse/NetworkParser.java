package hypercolumn.processor.parse;

import hypercolumn.Loss;
import hypercolumn.processor.model.ClassFacts;
import hypercolumn.processor.model.FieldSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** Reads one class annotated with {@code @Network} into a {@link NetworkSpec}. */
public final class NetworkParser {
  static final String LIBRARY = "hypercolumn";
  static final String NETWORK = "hypercolumn.Network";
  static final String LAYER = "hypercolumn.Layer";

  private final Elements elements;
  private final LayerReader layers;

  public NetworkParser(Elements elements) {
    this.elements = elements;
    this.layers = new LayerReader(elements);
  }

  public NetworkSpec parse(TypeElement type) {
    AnnotationMirror network = findNetwork(type);
    AnnotationValues values = new AnnotationValues(elements, network);
    PackageElement pkg = elements.getPackageOf(type);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    String simpleName = type.getSimpleName().toString();
    String written = values.stringValue("name", "");
    String generatedName = written.isEmpty() ? simpleName + "Net" : written;
    Optional<Loss> loss = values.enumName("loss").map(Loss::valueOf);

    List<FieldSpec> fields = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      readField(field).ifPresent(fields::add);
    }
    return new NetworkSpec(
        packageName,
        nameFromPackage(type, packageName),
        simpleName,
        generatedName,
        new Shape(values.intList("input")),
        loss,
        fields,
        facts(type, packageName, generatedName),
        JavacOrigin.of(type, network));
  }

  private static AnnotationMirror findNetwork(TypeElement type) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      if (qualifiedName(mirror).equals(NETWORK)) {
        return mirror;
      }
    }
    throw new IllegalArgumentException(type + " has no @Network annotation");
  }

  private Optional<FieldSpec> readField(VariableElement field) {
    List<LayerSpec> specs = new ArrayList<>();
    for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
      layers.read(field, mirror).ifPresent(specs::add);
    }
    boolean layerTyped =
        field.asType().getKind() == TypeKind.DECLARED
            && ((TypeElement) ((DeclaredType) field.asType()).asElement())
                .getQualifiedName()
                .contentEquals(LAYER);
    if (!layerTyped && specs.isEmpty()) {
      return Optional.empty();
    }
    AnnotationMirror first = specs.isEmpty() ? null : ((JavacOrigin) specs.get(0).origin()).mirror();
    return Optional.of(
        new FieldSpec(
            field.getSimpleName().toString(),
            JavacOrigin.of(field, first),
            layerTyped,
            field.asType().toString(),
            field.getModifiers().contains(Modifier.PRIVATE),
            field.getModifiers().contains(Modifier.FINAL),
            field.getModifiers().contains(Modifier.STATIC),
            specs));
  }

  private ClassFacts facts(TypeElement type, String packageName, String generatedName) {
    boolean noArgConstructor = false;
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty() && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
        noArgConstructor = true;
      }
    }
    NestingKind nesting = type.getNestingKind();
    boolean identifier = SourceVersion.isIdentifier(generatedName) && !SourceVersion.isKeyword(generatedName);
    String qualified = packageName.isEmpty() ? generatedName : packageName + "." + generatedName;
    return new ClassFacts(
        type.getModifiers().contains(Modifier.ABSTRACT),
        type.getModifiers().contains(Modifier.FINAL),
        isPrivateOrInPrivate(type),
        type.getModifiers().contains(Modifier.PUBLIC),
        nesting == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)
            && type.getEnclosingElement().getKind() == ElementKind.CLASS,
        nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS,
        noArgConstructor,
        identifier,
        identifier && elements.getTypeElement(qualified) != null,
        identifier && !packageName.equals(LIBRARY) && elements.getTypeElement(LIBRARY + "." + generatedName) != null);
  }

  private static boolean isPrivateOrInPrivate(Element element) {
    for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  /** {@code Outer.Inner} for a nested class, as code in the same package names it. */
  private static String nameFromPackage(TypeElement type, String packageName) {
    String qualified = type.getQualifiedName().toString();
    return packageName.isEmpty() ? qualified : qualified.substring(packageName.length() + 1);
  }

  static String qualifiedName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }
}
