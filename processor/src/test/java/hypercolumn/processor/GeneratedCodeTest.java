package hypercolumn.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static hypercolumn.processor.Sources.compile;
import static hypercolumn.processor.Sources.network;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The generated classes compile against the runtime, and two canonical ones match golden files,
 * their Java and their CUDA source. A golden file only detects change (it was written by the code
 * under test); a mismatch shows the diff to review.
 */
class GeneratedCodeTest {
  /**
   * Set {@code -Dhypercolumn.regenerateGolden=true} to rewrite the golden files from the output,
   * a deliberate step whose result is reviewed in {@code git diff} (see golden/README.md).
   */
  private static final boolean REGENERATE = Boolean.getBoolean("hypercolumn.regenerateGolden");

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    "IDENTITY, MEAN_SQUARED_ERROR",
    "SIGMOID, MEAN_SQUARED_ERROR",
    "TANH, BINARY_CROSS_ENTROPY",
    "RELU, SOFTMAX_CROSS_ENTROPY",
    "LEAKY_RELU, SOFTMAX_CROSS_ENTROPY",
    "ELU, BINARY_CROSS_ENTROPY",
    "SOFTMAX, MEAN_SQUARED_ERROR",
    "SIGMOID, PERCEPTRON"
  })
  void everyActivationAndLossCompiles(String hidden, String loss) {
    String out = loss.equals("PERCEPTRON") ? "@Dense(units = 1, activation = HEAVISIDE) Layer out;" : "@Dense(3) Layer out;";
    Compilation compilation = compile(network("input = 5, loss = " + loss,
        "@Dense(units = 4, activation = " + hidden + ") Layer hidden;", "@Dropout(0.25) Layer drop;", out));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
        .contains("final class NetNet extends Net implements Model");
  }

  @Test
  void networkWithoutBiasDropoutAfterSoftmaxAndLeadingDropoutCompiles() {
    Compilation compilation = compile(network("input = {2, 3}, loss = MEAN_SQUARED_ERROR",
        "@Dropout(0.1) Layer inputDrop;",
        "@Dense(units = 6, bias = false) Layer input;",
        "@Dense(units = 5, activation = SOFTMAX) Layer soft;",
        "@Dropout(0.2) Layer drop;",
        "@Dropout(0.3) Layer drop2;",
        "@Dense(units = 2, activation = ELU, alpha = 0.5, bias = false) Layer out;"));
    assertThat(compilation).failed(); // input = {2, 3} is not flat
    compilation = compile(network("input = 6, loss = MEAN_SQUARED_ERROR",
        "@Dropout(0.1) Layer inputDrop;",
        "@Dense(units = 6, bias = false) Layer input;",
        "@Dense(units = 5, activation = SOFTMAX) Layer soft;",
        "@Dropout(0.2) Layer drop;",
        "@Dropout(0.3) Layer drop2;",
        "@Dense(units = 2, activation = ELU, alpha = 0.5, bias = false) Layer out;"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
        .contains("Ops.softmaxBackward(");
  }

  @Test
  void publicClassGetsPublicNetworkAndConstructor() {
    JavaFileObject source = Sources.source("test.Xor", "package test;", Sources.IMPORTS,
        "@Network(input = 2, loss = MEAN_SQUARED_ERROR, name = \"XorModel\")", "public abstract class Xor {",
        "  @Dense(units = 1, activation = SIGMOID) Layer out;", "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.XorModel").contentsAsUtf8String()
        .contains("public final class XorModel extends Xor implements Model");
    assertThat(compilation).generatedSourceFile("test.XorModel").contentsAsUtf8String()
        .contains("public XorModel(Device device)");
  }

  @Test
  void tinySigmoidNetworkMatchesGolden() throws IOException {
    assertGolden("Xor", network("input = 2, loss = MEAN_SQUARED_ERROR",
        "@Dense(units = 2, activation = SIGMOID) Layer hidden;",
        "@Dense(units = 1, activation = SIGMOID) Layer out;"));
  }

  @Test
  void denseDropoutSoftmaxNetworkMatchesGolden() throws IOException {
    assertGolden("Classifier", network("input = 4, loss = SOFTMAX_CROSS_ENTROPY",
        "@Dense(units = 8, activation = RELU) Layer hidden;",
        "@Dropout(0.5) Layer drop;",
        "@Dense(3) Layer logits;"));
  }

  private static void assertGolden(String name, JavaFileObject source) throws IOException {
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = compilation.generatedSourceFile("test.NetNet").orElseThrow().getCharContent(true).toString();
    assertMatches(GOLDEN.resolve(name + "Net.java.txt"), generated);
    String cuda = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "test", "NetNet.cu").orElseThrow()
        .getCharContent(true).toString();
    assertMatches(GOLDEN.resolve(name + "Net.cu.txt"), cuda);
  }

  private static void assertMatches(Path golden, String generated) throws IOException {
    if (REGENERATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, generated, StandardCharsets.UTF_8);
    }
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(generated)) {
      fail(GoldenDiff.mismatch(golden.toString(), expected, generated));
    }
  }
}
