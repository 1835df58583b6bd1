package hypercolumn.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;

/** Builds small network sources and compiles them with the processor. */
final class Sources {
  private Sources() {}

  static final String IMPORTS =
      "import hypercolumn.*;\nimport static hypercolumn.Activation.*;\nimport static hypercolumn.Loss.*;\n";

  /**
   * A class {@code test.Net} annotated with {@code network} (the annotation's arguments) whose
   * body is the given lines, one field or member per line.
   */
  static JavaFileObject network(String network, String... body) {
    return namedNetwork("Net", network, body);
  }

  static JavaFileObject namedNetwork(String className, String network, String... body) {
    String source = "package test;\n" + IMPORTS + "\n@Network(" + network + ")\nabstract class " + className + " {\n"
        + Arrays.stream(body).map(line -> "  " + line + "\n").collect(Collectors.joining()) + "}\n";
    return JavaFileObjects.forSourceString("test." + className, source);
  }

  /** A complete source as written. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceString(qualifiedName, String.join("\n", lines) + "\n");
  }

  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new NetworkProcessor()).compile(List.of(sources));
  }
}
