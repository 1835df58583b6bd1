package hypercolumn.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import hypercolumn.processor.check.Checker;
import hypercolumn.processor.check.Diagnostic;
import hypercolumn.processor.check.Messages;
import hypercolumn.processor.emit.cuda.CudaSource;
import hypercolumn.processor.emit.java.NetworkWriter;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.parse.JavacOrigin;
import hypercolumn.processor.parse.NetworkParser;
import hypercolumn.processor.plan.NetworkPlan;
import hypercolumn.processor.plan.Planner;
import hypercolumn.processor.plan.SummaryTable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.StandardLocation;

/**
 * Generates the network class of each {@code @Network} class: parse, check, plan, emit. Each
 * class is processed on its own: a failure in one, even an internal one, is reported on that
 * class and never hides the diagnostics of another; nothing is generated for a class with an
 * error; and no exception escapes to javac.
 */
@AutoService(Processor.class)
public final class NetworkProcessor extends AbstractProcessor {
  static final String SUMMARY_OPTION = "hypercolumn.summary";

  /** The {@code @SuppressWarnings} value that silences every Hypercolumn warning. */
  static final String SUPPRESS_ALL = "hypercolumn";

  private final Consumer<NetworkSpec> beforeEmit;

  public NetworkProcessor() {
    this(spec -> {});
  }

  /** For tests: a hook run on each checked network before it is planned, to inject failures. */
  NetworkProcessor(Consumer<NetworkSpec> beforeEmit) {
    this.beforeEmit = beforeEmit;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("hypercolumn.Network");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SUMMARY_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement network = processingEnv.getElementUtils().getTypeElement("hypercolumn.Network");
    if (network == null) {
      return false;
    }
    for (Element element : round.getElementsAnnotatedWith(network)) {
      if (element.getKind() == ElementKind.CLASS && element instanceof TypeElement type) {
        processSafely(type);
      }
    }
    return false;
  }

  private void processSafely(TypeElement type) {
    try {
      processClass(type);
    } catch (Exception | LinkageError | AssertionError failure) {
      processingEnv.getMessager().printMessage(
          Kind.ERROR, Messages.internalFailure(type.getQualifiedName().toString(), failure), type);
    }
  }

  private void processClass(TypeElement type) throws IOException {
    NetworkSpec spec = new NetworkParser(processingEnv.getElementUtils()).parse(type);
    if (spec.loss().isEmpty()) {
      return; // javac has reported the missing or unreadable loss
    }
    Checker.Result checked = new Checker().check(spec);
    checked.diagnostics().forEach(this::report);
    if (checked.network().isEmpty()) {
      return;
    }
    beforeEmit.accept(spec);
    NetworkPlan plan = new Planner().plan(checked.network().get());
    JavaFile file = NetworkWriter.write(plan);
    String name = file.packageName().isEmpty() ? plan.generatedName() : file.packageName() + "." + plan.generatedName();
    try (Writer writer = processingEnv.getFiler().createSourceFile(name, type).openWriter()) {
      file.writeTo(writer);
    }
    try (Writer writer = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, file.packageName(), plan.cudaSourceName(), type).openWriter()) {
      writer.write(CudaSource.write(plan));
    }
    if (Boolean.parseBoolean(processingEnv.getOptions().get(SUMMARY_OPTION))) {
      processingEnv.getMessager().printMessage(Kind.NOTE, Messages.summary(SummaryTable.render(plan)), type);
    }
  }

  private void report(Diagnostic diagnostic) {
    Messager messager = processingEnv.getMessager();
    Kind kind = diagnostic.severity() == Diagnostic.Severity.ERROR ? Kind.ERROR : Kind.WARNING;
    JavacOrigin origin = (JavacOrigin) diagnostic.origin();
    if (kind == Kind.WARNING && suppressed(origin.element(), diagnostic.message())) {
      return;
    }
    messager.printMessage(kind, diagnostic.message(), origin.element(), origin.mirror(), origin.value());
  }

  /**
   * Whether a warning is silenced as javac's own are: {@code @SuppressWarnings} with its id (for
   * example {@code "Loss/SoftmaxTwice"}, the text between the brackets that start the message),
   * or with {@code "hypercolumn"} for every one, on the field or on an enclosing declaration.
   * Errors cannot be suppressed.
   */
  private static boolean suppressed(Element element, String message) {
    String id = message.startsWith("[") && message.indexOf(']') > 0
        ? message.substring(1, message.indexOf(']')) : "";
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
      if (suppress != null) {
        for (String value : suppress.value()) {
          if (value.equals(id) || value.equals(SUPPRESS_ALL)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
