package hypercolumn.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static hypercolumn.processor.Sources.compile;
import static hypercolumn.processor.Sources.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.tools.StandardLocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An {@code @ActivationLayer} after an identity {@code @Dense} fuses into the dense layer's
 * kernel. Oracle: the generated code of {@code @Dense(activation = ...)}, the form the pair must
 * equal: the same CUDA source, and the same forward and backward bodies, character for
 * character.
 */
class ActivationFusionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "activation = RELU|RELU", "activation = TANH|TANH", "activation = SIGMOID|SIGMOID",
      "activation = LEAKY_RELU|LEAKY_RELU", "activation = LEAKY_RELU, alpha = 0.2|value = LEAKY_RELU, alpha = 0.2",
      "activation = ELU, alpha = 0.5|value = ELU, alpha = 0.5", "activation = SOFTMAX|SOFTMAX"})
  void denseThenActivationLayerGeneratesTheKernelsOfTheFusedDense(String denseActivation, String layerActivation) {
    Compilation fused = compile(network("input = 4, loss = MEAN_SQUARED_ERROR",
        "@Dense(units = 8, " + denseActivation + ") Layer hidden;", "@Dense(3) Layer out;"));
    Compilation pair = compile(network("input = 4, loss = MEAN_SQUARED_ERROR",
        "@Dense(8) Layer hidden;", "@ActivationLayer(" + layerActivation + ") Layer act;", "@Dense(3) Layer out;"));
    assertThat(fused).succeeded();
    assertThat(pair).succeeded();
    assertEquals(cuda(fused), cuda(pair), "CUDA source");
    assertEquals(method(java(fused), "forward"), method(java(pair), "forward"), "forward");
    assertEquals(method(java(fused), "backward"), method(java(pair), "backward"), "backward");
    // The pair is still two layers to the user: the activation has its summary row and field.
    assertTrue(java(pair).contains("super.act = new Layer(\"act\", \"Activation\""), java(pair));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"RELU", "SOFTMAX"})
  void anActivationLayerAfterABatchNormIsAKernelOfItsOwn(String activation) {
    Compilation compilation = compile(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(8) Layer hidden;",
        "@BatchNorm Layer bn;", "@ActivationLayer(" + activation + ") Layer act;", "@Dense(3) Layer out;"));
    assertThat(compilation).succeeded();
    assertTrue(cuda(compilation).contains("void act_forward_kernel("), cuda(compilation));
    assertTrue(method(java(compilation), "forward").contains("actForward.launch(batch)"));
  }

  private static String cuda(Compilation compilation) {
    try {
      return compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "test", "NetNet.cu").orElseThrow()
          .getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java(Compilation compilation) {
    try {
      return compilation.generatedSourceFile("test.NetNet").orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of the generated method {@code public void name(int batch...}, up to the next method. */
  private static String method(String source, String name) {
    int start = source.indexOf("public void " + name + "(int batch");
    assertTrue(start >= 0, "no method " + name);
    int end = source.indexOf("@Override", start);
    return new String(source.substring(start, end).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
