package hypercolumn.processor;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * How much the processor adds to a build: javac compiles the same 200 network classes with the
 * processor (which also generates and compiles 200 network classes) and without it (the
 * abstract classes alone), several times each, in one warm JVM. Prints the median wall times and
 * their difference. Not a test: timings depend on the machine.
 *
 * <pre>
 * mvn -B -q -pl processor -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java -cp processor/target/test-classes:processor/target/classes:$(cat processor/target/test.classpath) \
 *     hypercolumn.processor.CompileTimeBench [networks runs]
 * </pre>
 *
 * <p>(exec:java with {@code -am} would also run on the parent pom and fail there; once the
 * modules are installed, {@code mvn -q -pl processor test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=hypercolumn.processor.CompileTimeBench} works too.)
 * </pre>
 */
public final class CompileTimeBench {
  private CompileTimeBench() {}

  public static void main(String[] args) throws IOException {
    int networks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Path sources = Files.createTempDirectory("hypercolumn-bench-src");
    List<File> files = writeNetworks(sources, networks);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath = location(hypercolumn.Layer.class) + File.pathSeparator + location(hypercolumn.runtime.Model.class);

    // Warm up the JIT on every path before measuring.
    for (int i = 0; i < 2; i++) {
      for (Mode mode : Mode.values()) {
        compile(javac, files, classpath, mode);
      }
    }
    long[] with = new long[runs];
    long[] processing = new long[runs];
    long[] without = new long[runs];
    for (int i = 0; i < runs; i++) {
      with[i] = compile(javac, files, classpath, Mode.WITH_PROCESSOR);
      processing[i] = compile(javac, files, classpath, Mode.PROCESSING_ONLY);
      without[i] = compile(javac, files, classpath, Mode.WITHOUT_PROCESSOR);
    }
    double withMs = median(with) / 1e6;
    double withoutMs = median(without) / 1e6;
    System.out.printf(Locale.ROOT, "%d networks, median of %d runs on %d cores (java %s)%n", networks, runs,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "  javac without the processor: %8.0f ms  %s%n", withoutMs, millis(without));
    System.out.printf(Locale.ROOT, "  javac with the processor:    %8.0f ms  %s%n", withMs, millis(with));
    System.out.printf(Locale.ROOT, "  of which parse, check, plan and write (-proc:only): %.0f ms  %s%n",
        median(processing) / 1e6, millis(processing));
    System.out.printf(Locale.ROOT, "  the processor adds:          %8.0f ms (%.1f ms per network)%n", withMs - withoutMs,
        (withMs - withoutMs) / networks);
    deleteTree(sources);
  }

  private enum Mode {
    /** The abstract classes alone. */
    WITHOUT_PROCESSOR,
    /** The processor, then javac compiles the abstract and the generated classes. */
    WITH_PROCESSOR,
    /** Parsing the sources and running the processor, which writes the generated sources, only. */
    PROCESSING_ONLY
  }

  /** Compiles into a fresh directory and returns the wall time in nanoseconds. */
  private static long compile(JavaCompiler javac, List<File> files, String classpath, Mode mode) throws IOException {
    boolean withProcessor = mode != Mode.WITHOUT_PROCESSOR;
    Path out = Files.createTempDirectory("hypercolumn-bench-out");
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, Locale.ROOT, null)) {
      Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromFiles(files);
      List<String> options = new ArrayList<>(List.of("--release", "17", "-classpath", classpath, "-d",
          out.toString(), "-s", out.toString(), "-implicit:none"));
      if (mode == Mode.WITHOUT_PROCESSOR) {
        options.add("-proc:none");
      } else if (mode == Mode.PROCESSING_ONLY) {
        options.add("-proc:only");
      }
      StringWriter messages = new StringWriter();
      long start = System.nanoTime();
      JavaCompiler.CompilationTask task = javac.getTask(messages, fileManager, null, options, null, units);
      if (withProcessor) {
        task.setProcessors(List.<Processor>of(new NetworkProcessor()));
      }
      boolean ok = task.call();
      long elapsed = System.nanoTime() - start;
      if (!ok) {
        throw new IllegalStateException("the benchmark's networks did not compile:\n" + messages);
      }
      return elapsed;
    } finally {
      deleteTree(out);
    }
  }

  /** Networks of one to four dense layers with dropout, each in its own file, all valid. */
  private static List<File> writeNetworks(Path root, int count) throws IOException {
    Path dir = Files.createDirectories(root.resolve("bench"));
    String[] activations = {"RELU", "TANH", "SIGMOID", "LEAKY_RELU", "ELU", "IDENTITY"};
    List<File> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder body = new StringBuilder();
      int hidden = i % 4;
      for (int layer = 0; layer < hidden; layer++) {
        body.append("  @Dense(units = ").append(16 + 8 * ((i + layer) % 5)).append(", activation = Activation.")
            .append(activations[(i + layer) % activations.length]).append(") Layer hidden").append(layer).append(";\n");
        if (layer % 2 == 1) {
          body.append("  @Dropout(0.25) Layer drop").append(layer).append(";\n");
        }
      }
      body.append("  @Dense(10) Layer logits;\n");
      String source = "package bench;\n\nimport hypercolumn.*;\n\n@Network(input = " + (32 + i % 64)
          + ", loss = Loss.SOFTMAX_CROSS_ENTROPY)\nabstract class Network" + i + " {\n" + body + "}\n";
      Path file = dir.resolve("Network" + i + ".java");
      Files.writeString(file, source);
      files.add(file.toFile());
    }
    return files;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static String millis(long[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v / 1e6)).toList().toString();
  }

  private static String location(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
