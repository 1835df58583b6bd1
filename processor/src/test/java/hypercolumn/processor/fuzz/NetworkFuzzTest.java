package hypercolumn.processor.fuzz;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import hypercolumn.processor.NetworkProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.tools.Diagnostic;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Compiles thousands of random network declarations with the real processor. Each must either
 * generate code that compiles and whose summary matches the {@link Oracle}'s shapes and
 * parameter counts, or fail with errors that all carry an id, exactly the ids the oracle
 * predicts; never a crash.
 *
 * <p>Cases are compiled {@value #BATCH} at a time, each in its own package, and diagnostics are
 * attributed to cases by file, so a bad class hiding another's diagnostics is a failure too.
 * Because javac stops before compiling generated code once an error was reported, the valid cases
 * of a batch with errors are compiled a second time on their own.
 *
 * <p>Defaults: 2,000 cases with a fixed seed. Longer runs:
 * {@code mvn -B -q -pl processor -am verify -Dtest=NetworkFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dhypercolumn.fuzzCases=50000 -Dhypercolumn.fuzzSeed=$RANDOM}. One case alone:
 * {@code -Dhypercolumn.fuzzSeed=S -Dhypercolumn.fuzzCase=I}; a batch as it ran:
 * {@code -Dhypercolumn.fuzzFirst=I -Dhypercolumn.fuzzCases=40}.
 */
class NetworkFuzzTest {
  private static final long SEED = Long.getLong("hypercolumn.fuzzSeed", 20_240_611L);
  private static final int CASES = Integer.getInteger("hypercolumn.fuzzCases", 2_000);
  private static final int FIRST = Integer.getInteger("hypercolumn.fuzzFirst", 0);
  private static final String ONLY = System.getProperty("hypercolumn.fuzzCase");
  private static final int BATCH = 50;
  private static final int MAX_REPORTED = 8;

  private static final Pattern ID = Pattern.compile("^\\[([A-Za-z0-9]+/[A-Za-z0-9]+)\\] ");

  @Test
  void everyRandomNetworkGeneratesMatchingCodeOrFailsWithThePredictedIds() {
    List<Integer> indices = ONLY != null ? List.of(Integer.parseInt(ONLY)) : IntStream.range(FIRST, FIRST + CASES).boxed().toList();
    List<String> failures = new ArrayList<>();
    int valid = 0;
    int validImages = 0;
    for (int start = 0; start < indices.size(); start += BATCH) {
      List<FuzzCase> batch = new ArrayList<>();
      for (int index : indices.subList(start, Math.min(indices.size(), start + BATCH))) {
        FuzzCase fuzzCase = FuzzCase.generate(SEED, index);
        batch.add(fuzzCase);
        valid += fuzzCase.prediction().valid() ? 1 : 0;
        validImages += fuzzCase.prediction().valid() && fuzzCase.declaration().input().size() == 3 ? 1 : 0;
      }
      failures.addAll(new BatchCheck(batch).run());
    }
    System.out.printf(Locale.ROOT, "NetworkFuzzTest: seed %d, %d cases, %d valid (%d of them on images),"
        + " mixed javac %.1f s, valid-only javac %.1f s%n",
        SEED, indices.size(), valid, validImages, BatchCheck.mixedNanos / 1e9, BatchCheck.validNanos / 1e9);
    if (!failures.isEmpty()) {
      writeAll(failures);
      fail(String.format(Locale.ROOT, "%d of %d random networks (seed %d) failed; the first %d:%n%n%s", failures.size(),
          indices.size(), SEED, Math.min(MAX_REPORTED, failures.size()),
          String.join("\n\n", failures.subList(0, Math.min(MAX_REPORTED, failures.size())))));
    }
    if (ONLY == null) {
      // The generator must exercise both outcomes, or the test proves little.
      assertTrue(valid > indices.size() / 5 && valid < indices.size() * 4 / 5,
          valid + " of " + indices.size() + " cases were valid");
      // And valid convolutional networks among them, or the image layers' code paths go untried.
      assertTrue(validImages > indices.size() / 20, validImages + " of " + indices.size() + " cases were valid image networks");
    }
  }

  /** Every failure goes to a file, since the assertion message shows only the first few. */
  private static void writeAll(List<String> failures) {
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "fuzz-failures.txt"),
          String.join("\n\n", failures));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Compiles one batch and checks each case against its prediction. */
  private static final class BatchCheck {
    static long mixedNanos;
    static long validNanos;
    private final List<FuzzCase> cases;
    private final List<String> failures = new ArrayList<>();

    BatchCheck(List<FuzzCase> cases) {
      this.cases = cases;
    }

    List<String> run() {
      Compilation all;
      try {
        long start = System.nanoTime();
        all = compileWithProcessor(cases);
        mixedNanos += System.nanoTime() - start;
      } catch (RuntimeException crash) {
        if (cases.size() > 1) {
          cases.forEach(c -> failures.addAll(new BatchCheck(List.of(c)).run())); // find which case crashes
        } else {
          failures.add("javac or the processor threw " + stackTrace(crash) + "\n" + cases.get(0).describe());
        }
        return failures;
      }
      checkEveryDiagnosticHasACase(all.diagnostics());
      Compilation validOnly = all;
      List<FuzzCase> valid = cases.stream().filter(c -> c.prediction().valid()).toList();
      if (all.status() != Compilation.Status.SUCCESS && !valid.isEmpty()) {
        // javac stops before compiling generated code once any class had an error, and keeps
        // the generated files to itself: compile the valid cases again on their own.
        long start = System.nanoTime();
        validOnly = compileWithProcessor(valid);
        validNanos += System.nanoTime() - start;
      }
      for (FuzzCase fuzzCase : cases) {
        checkDiagnostics(fuzzCase, all);
        if (fuzzCase.prediction().valid() && validOnly.status() == Compilation.Status.SUCCESS) {
          checkGenerated(fuzzCase, validOnly);
        } else if (fuzzCase.prediction().valid()) {
          checkDiagnostics(fuzzCase, validOnly);
        }
      }
      return failures;
    }

    private static Compilation compileWithProcessor(List<FuzzCase> cases) {
      return javac().withClasspath(CLASSPATH).withProcessors(new NetworkProcessor()).withOptions("-Ahypercolumn.summary=true", STOP_AFTER_FLOW,
          // javac prints at most 100 errors by default, which would hide later cases' errors.
          "-Xmaxerrs", "100000", "-Xmaxwarns", "100000")
          .compile(cases.stream().flatMap(c -> c.files().stream()).toList());
    }

    /** Only what generated code needs; javac is much faster without the whole test class path. */
    private static final List<java.io.File> CLASSPATH = List.of(location(hypercolumn.Layer.class),
        location(hypercolumn.runtime.Model.class));

    private static java.io.File location(Class<?> type) {
      try {
        return new java.io.File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Generating bytecode would prove nothing more, so javac stops after flow analysis. */
    private static final String STOP_AFTER_FLOW = "-XDshould-stop.ifNoError=FLOW";

    private void checkEveryDiagnosticHasACase(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
      for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
        if (diagnostic.getKind() != Kind.NOTE && cases.stream().noneMatch(c -> c.owns(diagnostic.getSource()))) {
          failures.add("a diagnostic belongs to no case: " + (diagnostic.getSource() == null ? null : diagnostic.getSource().toUri()) + " " + diagnostic + "\nin a batch of cases "
              + cases.get(0).index() + " to " + cases.get(cases.size() - 1).index());
        }
      }
    }

    /** The error and warning ids must be the predicted ones; a valid case must print its summary. */
    private void checkDiagnostics(FuzzCase fuzzCase, Compilation compilation) {
      List<String> problems = new ArrayList<>();
      List<Diagnostic<? extends JavaFileObject>> mine = compilation.diagnostics().stream()
          .filter(d -> fuzzCase.owns(d.getSource())).toList();
      Set<String> errors = ids(mine, Kind.ERROR, problems);
      Set<String> warnings = ids(mine, Kind.WARNING, problems);
      Oracle.Prediction prediction = fuzzCase.prediction();
      if (!errors.equals(prediction.errors())) {
        problems.add("error ids " + errors + " but predicted " + prediction.errors());
      }
      if (!warnings.equals(prediction.warnings())) {
        problems.add("warning ids " + warnings + " but predicted " + prediction.warnings());
      }
      List<String> summaries = summaries(mine);
      if (prediction.valid() && summaries.size() != 1) {
        problems.add("expected one summary note but found " + summaries.size());
      } else if (prediction.valid()) {
        problems.addAll(SummaryCheck.checkTable(summaries.get(0), fuzzCase.declaration(), prediction));
      } else if (!summaries.isEmpty()) {
        problems.add("an invalid network was generated: it printed a summary");
      }
      report(fuzzCase, problems, mine);
    }

    /** A valid case in a successful compilation: one generated file, with the predicted totals. */
    private void checkGenerated(FuzzCase fuzzCase, Compilation compilation) {
      List<String> problems = new ArrayList<>();
      Oracle.Prediction prediction = fuzzCase.prediction();
      List<JavaFileObject> generated = compilation.generatedSourceFiles().stream().filter(fuzzCase::owns).toList();
      String expectedFile = "/" + fuzzCase.packageName() + "/" + prediction.generatedName() + ".java";
      if (generated.size() != 1 || !generated.get(0).toUri().toString().endsWith(expectedFile)) {
        problems.add("expected one generated file ending in " + expectedFile + " but found " + generated);
      } else {
        problems.addAll(SummaryCheck.checkSource(content(generated.get(0)), prediction));
      }
      report(fuzzCase, problems, List.of());
    }

    private void report(FuzzCase fuzzCase, List<String> problems, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
      if (!problems.isEmpty()) {
        failures.add(String.join("\n", problems) + "\ndiagnostics:\n" + render(diagnostics) + fuzzCase.describe());
      }
    }

    private static List<String> summaries(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
      return diagnostics.stream().filter(d -> d.getKind() == Kind.NOTE).map(d -> d.getMessage(Locale.ROOT))
          .filter(m -> m.startsWith("[Summary] ")).toList();
    }

    /** The ids of the diagnostics of one kind; a diagnostic without an id is a problem. */
    private static Set<String> ids(List<Diagnostic<? extends JavaFileObject>> diagnostics, Kind kind, List<String> problems) {
      Set<String> ids = new TreeSet<>();
      for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
        if (diagnostic.getKind() != kind) {
          continue;
        }
        Matcher matcher = ID.matcher(diagnostic.getMessage(Locale.ROOT));
        if (matcher.find()) {
          ids.add(matcher.group(1));
        } else {
          problems.add(kind + " without an id: " + diagnostic);
        }
      }
      return ids;
    }

    private static String content(JavaFileObject file) {
      try {
        return file.getCharContent(true).toString();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static String render(List<? extends Diagnostic<? extends JavaFileObject>> diagnostics) {
      StringBuilder out = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
        out.append("  ").append(d.getKind()).append(' ')
            .append(d.getSource() == null ? "(no file)" : d.getSource().toUri().getPath()).append(':')
            .append(d.getLineNumber()).append(' ').append(d.getMessage(Locale.ROOT)).append('\n');
      }
      return out.toString();
    }

    private static String stackTrace(Throwable t) {
      java.io.StringWriter out = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(out));
      return out.toString();
    }
  }
}
