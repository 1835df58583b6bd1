package hypercolumn.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static hypercolumn.processor.Sources.compile;
import static hypercolumn.processor.Sources.namedNetwork;
import static hypercolumn.processor.Sources.network;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Failures stay with their class, and nothing escapes to javac. */
class RobustnessTest {
  @Test
  void oneBadClassDoesNotHideAnothersErrors() {
    JavaFileObject first = namedNetwork("First", "input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(units = 0) Layer out;");
    JavaFileObject second = namedNetwork("Second", "input = 4, loss = MEAN_SQUARED_ERROR", "@Dropout(2.0) Layer drop;",
        "@Dense(1) Layer out;");
    Compilation compilation = compile(first, second);
    assertThat(compilation).hadErrorContaining("[Dense/UnitsNotPositive]").inFile(first).onLineContaining("units = 0");
    assertThat(compilation).hadErrorContaining("[Dropout/RateOutOfRange]").inFile(second).onLineContaining("2.0");
  }

  @Test
  void internalFailureIsReportedOnItsClassAndOthersStillGenerate() {
    JavaFileObject broken = namedNetwork("Broken", "input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(1) Layer out;");
    JavaFileObject fine = namedNetwork("Fine", "input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(1) Layer out;");
    NetworkProcessor processor = new NetworkProcessor(spec -> {
      if (spec.simpleName().equals("Broken")) {
        throw new IllegalStateException("injected");
      }
    });
    Compilation compilation = javac().withProcessors(processor).compile(List.of(broken, fine));
    assertThat(compilation).hadErrorContaining(
            "[Internal/Failure] Hypercolumn failed on class test.Broken: java.lang.IllegalStateException: injected."
                + " Please report this.")
        .inFile(broken).onLineContaining("abstract class Broken");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void summaryOptionPrintsTheTableAsANote() {
    Compilation compilation = javac().withProcessors(new NetworkProcessor()).withOptions("-Ahypercolumn.summary=true")
        .compile(network("input = 784, loss = SOFTMAX_CROSS_ENTROPY",
            "@Dense(units = 256, activation = RELU) Layer hidden1;",
            "@Dense(units = 128, activation = RELU) Layer hidden2;", "@Dense(10) Layer logits;"));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadNoteContaining("Total params: 235,146");
    assertThat(compilation).hadNoteContaining("hidden1  Dense  (256)         200,960");
  }

  @Test
  void withoutTheOptionThereIsNoNote() {
    Compilation compilation = compile(network("input = 2, loss = MEAN_SQUARED_ERROR", "@Dense(1) Layer out;"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.notes().stream().map(n -> n.getMessage(null)).toList().toString()).doesNotContain("[Summary]");
  }
}
