package hypercolumn.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Networks that between them use every kind of fused kernel: every pointwise activation and
 * its derivative, dropout fused and on its own, Heaviside, a softmax folded into the loss and
 * one that is not, layers without bias, convolutions and poolings, and batch norms over features
 * and over images.
 */
final class CudaNetworks {
  private CudaNetworks() {}

  /** A network's generated Java and CUDA sources. */
  record Generated(String name, String java, String cuda) {}

  private static List<Generated> all;

  /** The networks, compiled once per test run. */
  static synchronized List<Generated> all() {
    if (all == null) {
      all = List.copyOf(compileAll());
    }
    return all;
  }

  private static List<Generated> compileAll() {
    List<Generated> out = new ArrayList<>();
    out.add(generate("Standalone", "input = 6, loss = MEAN_SQUARED_ERROR",
        "@Dropout(0.1) Layer inputDrop;",
        "@Dense(units = 6, bias = false) Layer input;",
        "@Dense(units = 5, activation = SOFTMAX) Layer soft;",
        "@Dropout(0.2) Layer drop;",
        "@Dropout(0.3) Layer drop2;",
        "@Dense(units = 2, activation = ELU, alpha = 0.5, bias = false) Layer out;"));
    out.add(generate("Smooth", "input = 5, loss = MEAN_SQUARED_ERROR",
        "@Dense(units = 4, activation = SIGMOID) Layer sig;",
        "@Dropout(0.25) Layer drop;",
        "@Dense(units = 4, activation = TANH) Layer tan;",
        "@Dense(units = 4, activation = ELU) Layer elu;",
        "@Dropout(0.4) Layer drop2;",
        "@Dense(units = 3, activation = LEAKY_RELU, alpha = 0.2) Layer leaky;",
        "@Dense(units = 3, activation = LEAKY_RELU) Layer leakyDefault;",
        "@Dense(units = 1, activation = SIGMOID) Layer out;"));
    out.add(generate("Folded", "input = 5, loss = SOFTMAX_CROSS_ENTROPY",
        "@Dense(units = 4, activation = RELU, bias = false) Layer hidden;",
        "@Dropout(0.5) Layer drop;",
        "@Dense(units = 3, activation = SOFTMAX) Layer out;"));
    out.add(generate("Perceptron", "input = 3, loss = PERCEPTRON",
        "@Dense(units = 1, activation = HEAVISIDE) Layer out;"));
    // Convolutions: bias per channel with and without an activation, one without bias, both poolings.
    out.add(generate("Convolutional", "input = {2, 8, 8}, loss = SOFTMAX_CROSS_ENTROPY",
        "@Conv2D(filters = 3, kernel = 3, padding = Padding.SAME, activation = RELU) Layer conv1;",
        "@MaxPool2D(size = 2) Layer pool1;",
        "@Conv2D(filters = 4, kernel = 2, activation = ELU, alpha = 0.5, bias = false) Layer conv2;",
        "@AvgPool2D(size = 2, stride = 1) Layer pool2;",
        "@Conv2D(filters = 2, kernel = 1) Layer conv3;",
        "@Flatten Layer flat;",
        "@Dense(units = 3) Layer out;"));
    // Batch norm on images (on the input, with and without affine parameters) and on features,
    // activation layers on images.
    out.add(generate("BatchNormalized", "input = {2, 6, 6}, loss = SOFTMAX_CROSS_ENTROPY",
        "@BatchNorm(affine = false) Layer inputNorm;",
        "@Conv2D(filters = 3, kernel = 3, bias = false) Layer conv;",
        "@BatchNorm(momentum = 0.2, eps = 1e-4) Layer bn;",
        "@ActivationLayer(RELU) Layer relu;",
        "@MaxPool2D(size = 2) Layer pool;",
        "@BatchNorm(affine = false) Layer bare;",
        "@ActivationLayer(TANH) Layer squash;",
        "@Flatten Layer flat;",
        "@Dense(units = 4, bias = false) Layer hidden;",
        "@BatchNorm Layer features;",
        "@Dense(units = 3) Layer out;"));
    return out;
  }

  static Generated generate(String className, String network, String... body) {
    JavaFileObject source = Sources.namedNetwork(className, network, body);
    Compilation compilation = Sources.compile(source);
    assertThat(compilation).succeeded(); // the folded softmax draws a warning
    String generatedName = className + "Net";
    return new Generated(generatedName,
        contents(compilation.generatedSourceFile("test." + generatedName).orElseThrow()),
        contents(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "test", generatedName + ".cu").orElseThrow()));
  }

  /** The names of the {@code __global__} functions of a CUDA source, in order. */
  static List<String> cudaKernels(String cuda) {
    return matches(Pattern.compile("extern \"C\" __global__ void (\\w+)\\("), cuda);
  }

  /** The CUDA names the Java kernels of a generated class pass to {@code FusedKernel}, in order. */
  static List<String> javaKernels(String java) {
    return matches(Pattern.compile("super\\(\"(\\w+_kernel)\", \\d+, CUDA_SOURCE\\);"), java);
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> out = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      out.add(matcher.group(1));
    }
    return out;
  }

  static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
