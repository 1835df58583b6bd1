package hypercolumn.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static hypercolumn.processor.Sources.compile;
import static hypercolumn.processor.Sources.network;
import static hypercolumn.processor.Sources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each diagnostic id: its text, and the line it points at. */
class DiagnosticsTest {
  private static final String MLP = "input = 784, loss = SOFTMAX_CROSS_ENTROPY";

  /** Compiles and expects the error on the line containing {@code line}. */
  private static Compilation assertError(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    return compilation;
  }

  @Test
  void concreteClassIsAnError() {
    JavaFileObject source = source("test.Net", "package test;", "import hypercolumn.*;",
        "@Network(input = 4, loss = Loss.MEAN_SQUARED_ERROR)", "class Net {", "  @Dense(1) Layer out;", "}");
    assertError(source, "[Class/NotAbstract] @Network class 'Net' must be abstract", "class Net");
  }

  @Test
  void finalClassIsAnError() {
    JavaFileObject source = source("test.Net", "package test;", "import hypercolumn.*;",
        "@Network(input = 4, loss = Loss.MEAN_SQUARED_ERROR)", "final class Net {", "  @Dense(1) Layer out;", "}");
    assertError(source, "[Class/Final] @Network class 'Net' is final", "final class Net");
  }

  @Test
  void privateNestedClassIsAnError() {
    JavaFileObject source = source("test.Outer", "package test;", "import hypercolumn.*;", "class Outer {",
        "  @Network(input = 4, loss = Loss.MEAN_SQUARED_ERROR)", "  private abstract static class Net {",
        "    @Dense(1) Layer out;", "  }", "}");
    assertError(source, "[Class/NotAccessible] @Network class 'Net' is private", "private abstract static class Net");
  }

  @Test
  void innerClassIsAnError() {
    JavaFileObject source = source("test.Outer", "package test;", "import hypercolumn.*;", "class Outer {",
        "  @Network(input = 4, loss = Loss.MEAN_SQUARED_ERROR)", "  abstract class Net {", "    @Dense(1) Layer out;",
        "  }", "}");
    assertError(source, "[Class/Inner] @Network class 'Net' is an inner class", "abstract class Net");
  }

  @Test
  void classWithoutNoArgConstructorIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(1) Layer out;", "Net(int size) {}"),
        "[Class/NoConstructor] @Network class 'Net' has no constructor without parameters", "abstract class Net");
  }

  @Test
  void generatedNameThatIsNotAnIdentifierIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR, name = \"my net\"", "@Dense(1) Layer out;"),
        "[Name/NotIdentifier] The generated class name 'my net' is not a valid Java identifier", "name = \"my net\"");
  }

  @Test
  void generatedNameOfAnExistingTypeIsAnError() {
    JavaFileObject other = source("test.Taken", "package test;", "class Taken {}");
    JavaFileObject source = network("input = 4, loss = MEAN_SQUARED_ERROR, name = \"Taken\"", "@Dense(1) Layer out;");
    Compilation compilation = compile(source, other);
    assertThat(compilation).hadErrorContaining("[Name/Taken] The class generated from 'Net' would be 'test.Taken'")
        .inFile(source).onLineContaining("name = \"Taken\"");
  }

  @Test
  void generatedNameThatHidesALibraryTypeIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR, name = \"Dense\"", "@Dense(1) Layer out;"),
        "[Name/HidesLibraryType] The class generated from 'Net' would be named 'Dense', which hides hypercolumn.Dense"
            + " in package 'test'", "name = \"Dense\"");
  }

  @Test
  void emptyInputIsAnError() {
    assertError(network("input = {}, loss = MEAN_SQUARED_ERROR", "@Dense(1) Layer out;"),
        "[Input/Empty] @Network on 'Net' declares an empty input shape", "input = {}");
  }

  @Test
  void nonPositiveInputSizeIsAnError() {
    assertError(network("input = {1, 0, 4}, loss = MEAN_SQUARED_ERROR", "@Flatten Layer flat;", "@Dense(1) Layer out;"),
        "[Input/NotPositive] @Network on 'Net' has input = [1, 0, 4], but size 2 is 0", "input = {1, 0, 4}");
  }

  @Test
  void layerFieldWithoutAnnotationIsAnError() {
    assertError(network(MLP, "@Dense(10) Layer out;", "Layer forgotten;"),
        "[Field/MissingLayerAnnotation] Field 'forgotten' is a Layer but carries no layer annotation", "Layer forgotten;");
  }

  @Test
  void annotatedFieldOfAnotherTypeIsAnError() {
    assertError(network(MLP, "@Dense(10) int out;"),
        "[Field/NotLayer] Field 'out' carries @Dense, but its type is int", "int out;");
  }

  @Test
  void privateLayerFieldIsAnError() {
    assertError(network(MLP, "@Dense(10) private Layer out;"),
        "[Field/Modifier] Layer field 'out' is private", "private Layer out;");
  }

  @Test
  void finalLayerFieldIsAnError() {
    assertError(network(MLP, "@Dense(10) final Layer out = null;"),
        "[Field/Modifier] Layer field 'out' is final", "final Layer out");
  }

  @Test
  void twoLayerAnnotationsOnOneFieldIsAnError() {
    assertError(network(MLP, "@Dense(10) @Dropout(0.5) Layer out;"),
        "[Field/TwoLayers] Field 'out' carries @Dense and @Dropout", "Layer out;");
  }

  @Test
  void networkWithoutLayersIsAnError() {
    assertError(network(MLP), "[Layers/None] @Network class 'Net' declares no layers", "abstract class Net");
  }

  @Test
  void dropoutAsLastLayerIsAnError() {
    assertError(network(MLP, "@Dense(10) Layer out;", "@Dropout(0.5) Layer drop;"),
        "[Layers/DropoutLast] The last layer 'drop' is @Dropout", "Layer drop;");
  }

  @Test
  void aNetworkWithNothingToTrainIsAnError() {
    assertError(network("input = {2, 8, 8}, loss = SOFTMAX_CROSS_ENTROPY", "@AvgPool2D Layer pool;", "@Flatten Layer flat;"),
        "[Layers/NothingToTrain] @Network class 'Net' has no trainable parameters: its layers are AvgPool2D, Flatten",
        "class Net");
  }

  @Test
  void denseUnitsZeroIsAnError() {
    assertError(network(MLP, "@Dense(units = 0) Layer hidden;", "@Dense(10) Layer out;"),
        "[Dense/UnitsNotPositive] @Dense 'hidden' has units = 0, but a layer needs at least 1 unit", "units = 0");
  }

  @Test
  void negativeDenseValueIsAnError() {
    assertError(network(MLP, "@Dense(-3) Layer out;"), "@Dense 'out' has value = -3", "Dense(-3)");
  }

  @Test
  void denseWithoutUnitsIsAnError() {
    assertError(network(MLP, "@Dense(activation = RELU) Layer hidden;", "@Dense(10) Layer out;"),
        "[Dense/UnitsMissing] @Dense 'hidden' does not say how many units it has", "Layer hidden;");
  }

  @Test
  void denseUnitsGivenTwiceIsAnError() {
    assertError(network(MLP, "@Dense(value = 10, units = 20) Layer out;"),
        "[Dense/UnitsTwice] @Dense 'out' gives its width twice, as value = 10 and units = 20", "units = 20");
  }

  @Test
  void alphaOnReluIsAnError() {
    assertError(network(MLP, "@Dense(units = 8, activation = RELU, alpha = 0.2) Layer hidden;", "@Dense(10) Layer out;"),
        "[Dense/AlphaUnused] @Dense 'hidden' sets alpha = 0.2, but RELU takes no parameter", "alpha = 0.2");
  }

  @Test
  void negativeLeakySlopeIsAnError() {
    assertError(network(MLP, "@Dense(units = 8, activation = LEAKY_RELU, alpha = -1) Layer hidden;", "@Dense(10) Layer out;"),
        "[Dense/AlphaInvalid] @Dense 'hidden' sets alpha = -1.0 for LEAKY_RELU, but it must be finite and at least 0",
        "alpha = -1");
  }

  @Test
  void zeroEluScaleIsAnError() {
    assertError(network(MLP, "@Dense(units = 8, activation = ELU, alpha = 0) Layer hidden;", "@Dense(10) Layer out;"),
        "for ELU, but it must be finite and greater than 0", "alpha = 0");
  }

  @Test
  void dropoutRateOfOneIsAnError() {
    assertError(network(MLP, "@Dense(32) Layer hidden;", "@Dropout(rate = 1.0) Layer drop;", "@Dense(10) Layer out;"),
        "[Dropout/RateOutOfRange] @Dropout 'drop' has rate 1.0, but a rate is a probability in [0, 1)", "rate = 1.0");
  }

  @Test
  void dropoutWithoutRateIsAnError() {
    assertError(network(MLP, "@Dense(32) Layer hidden;", "@Dropout Layer drop;", "@Dense(10) Layer out;"),
        "[Dropout/RateMissing] @Dropout 'drop' does not say its rate", "Layer drop;");
  }

  @Test
  void dropoutRateGivenTwiceIsAnError() {
    assertError(network(MLP, "@Dense(32) Layer hidden;", "@Dropout(value = 0.1, rate = 0.2) Layer drop;", "@Dense(10) Layer out;"),
        "[Dropout/RateTwice] @Dropout 'drop' gives its rate twice", "rate = 0.2");
  }

  @Test
  void denseOnImageInputIsAnError() {
    assertError(network("input = {1, 28, 28}, loss = SOFTMAX_CROSS_ENTROPY", "@Dense(10) Layer logits;"),
        "[Shape/DenseNeedsFlat] @Dense 'logits' needs a flat input, but the network input produces [1, 28, 28]."
            + " Declare the input as a flat shape, input = 784, or add a @Flatten layer before it.", "Layer logits;");
  }

  // --- convolution and pooling

  private static final String IMAGE = "input = {1, 28, 28}, loss = SOFTMAX_CROSS_ENTROPY";

  @Test
  void denseAfterAConvolutionWithoutFlattenIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = 3) Layer conv;", "@Dense(10) Layer logits;"),
        "[Shape/DenseNeedsFlat] @Dense 'logits' needs a flat input, but 'conv' produces [4, 26, 26]."
            + " Add a @Flatten layer before it, which turns [4, 26, 26] into [2704].", "Layer logits;");
  }

  @Test
  void kernelLargerThanThePaddedInputShowsTheArithmetic() {
    assertError(network("input = {1, 5, 9}, loss = SOFTMAX_CROSS_ENTROPY",
            "@Conv2D(filters = 2, kernel = 7) Layer conv;", "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Shape/WindowTooLarge] @Conv2D 'conv' has a window of 7 along the height, larger than its padded input"
            + " of 5 + 0 + 0 = 5 (input [1, 5, 9]): the output height would be floor((5 + 0 + 0 - 1 * (7 - 1) - 1)"
            + " / 1) + 1 = -1, below 1.", "kernel = 7");
  }

  @Test
  void dilatedKernelLargerThanTheInputIsAnError() {
    assertError(network("input = {1, 8, 8}, loss = SOFTMAX_CROSS_ENTROPY",
            "@Conv2D(filters = 2, kernel = 3, dilation = 4) Layer conv;", "@Flatten Layer flat;",
            "@Dense(10) Layer logits;"),
        "has a window of 3 with dilation 4 (spanning 9 cells) along the height", "kernel = 3");
  }

  @Test
  void poolingWindowLargerThanItsInputIsAnError() {
    assertError(network("input = {1, 4, 4}, loss = SOFTMAX_CROSS_ENTROPY",
            "@Conv2D(filters = 2, kernel = 3) Layer conv;", "@MaxPool2D(size = {1, 3}) Layer pool;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Shape/WindowTooLarge] @MaxPool2D 'pool' has a window of 3 along the width, larger than its padded input"
            + " of 2 + 0 + 0 = 2 (input [2, 2, 2])", "size = {1, 3}");
  }

  @Test
  void strideBelowOneIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = 3, stride = {1, 0}) Layer conv;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Conv2D/NotPositive] @Conv2D 'conv' has stride = {1, 0}, but every stride must be at least 1.",
        "stride = {1, 0}");
  }

  @Test
  void dilationBelowOneIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = 3, dilation = 0) Layer conv;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Conv2D/NotPositive] @Conv2D 'conv' has dilation = {0}, but every dilation must be at least 1.",
        "dilation = 0");
  }

  @Test
  void poolStrideBelowOneIsAnError() {
    assertError(network(IMAGE, "@AvgPool2D(size = 2, stride = 0) Layer pool;", "@Flatten Layer flat;",
            "@Dense(10) Layer logits;"),
        "[AvgPool2D/NotPositive] @AvgPool2D 'pool' has stride = {0}, but every stride must be at least 1.",
        "stride = 0");
  }

  @Test
  void filtersBelowOneIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 0, kernel = 3) Layer conv;", "@Flatten Layer flat;",
            "@Dense(10) Layer logits;"),
        "[Conv2D/NotPositive] @Conv2D 'conv' has filters = 0", "filters = 0");
  }

  @Test
  void kernelOfThreeValuesIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = {3, 3, 3}) Layer conv;", "@Flatten Layer flat;",
            "@Dense(10) Layer logits;"),
        "[Conv2D/WrongLength] @Conv2D 'conv' has kernel = {3, 3, 3} (3 values), but kernel takes one value, {k},"
            + " or two, {height, width}.", "kernel = {3, 3, 3}");
  }

  @Test
  void padOfThreeValuesIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = 3, pad = {1, 1, 1}) Layer conv;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Conv2D/WrongLength] @Conv2D 'conv' has pad = {1, 1, 1} (3 values), but pad takes one value, {p}, two,"
            + " {height, width}, or four, {top, bottom, left, right}.", "pad = {1, 1, 1}");
  }

  @Test
  void negativePadIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = 3, pad = {1, -1}) Layer conv;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Conv2D/PadNegative] @Conv2D 'conv' has pad = {1, -1}, but padding cannot be negative.", "pad = {1, -1}");
  }

  @Test
  void padBesideSamePaddingIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = 3, padding = Padding.SAME, pad = 1) Layer conv;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Conv2D/PadWithSame] @Conv2D 'conv' has both padding = SAME and pad = {1}.", "pad = 1");
  }

  @Test
  void poolPadOverHalfTheWindowIsAnError() {
    assertError(network(IMAGE, "@MaxPool2D(size = 2, pad = {0, 0, 2, 0}) Layer pool;", "@Flatten Layer flat;",
            "@Dense(10) Layer logits;"),
        "[MaxPool2D/PadTooLarge] @MaxPool2D 'pool' pads 2 cells on the left, but a pooling window of 2 takes at"
            + " most 1 (half the window, as PyTorch requires)", "pad = {0, 0, 2, 0}");
  }

  @Test
  void convolutionOnAFlatInputIsAnError() {
    assertError(network("input = 784, loss = SOFTMAX_CROSS_ENTROPY", "@Conv2D(filters = 4, kernel = 3) Layer conv;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Shape/Conv2DNeedsImage] @Conv2D 'conv' needs a (C, H, W) input, but the network input produces [784],"
            + " which is flat.", "Layer conv;");
  }

  @Test
  void flattenOnAFlatInputIsAnError() {
    assertError(network("input = 784, loss = SOFTMAX_CROSS_ENTROPY", "@Flatten Layer flat;",
            "@Dense(10) Layer logits;"),
        "[Shape/FlattenNeedsImage] @Flatten 'flat' needs a (C, H, W) input", "Layer flat;");
  }

  @Test
  void poolingAfterFlattenIsAnError() {
    assertError(network(IMAGE, "@Flatten Layer flat;", "@GlobalAvgPool2D Layer pool;", "@Dense(10) Layer logits;"),
        "[Shape/GlobalAvgPool2DNeedsImage] @GlobalAvgPool2D 'pool' needs a (C, H, W) input, but 'flat' produces"
            + " [784], which is flat.", "Layer pool;");
  }

  @Test
  void softmaxOnAConvolutionIsAnError() {
    assertError(network(IMAGE, "@Conv2D(filters = 4, kernel = 3, activation = SOFTMAX) Layer conv;",
            "@Flatten Layer flat;", "@Dense(10) Layer logits;"),
        "[Conv2D/Softmax] @Conv2D 'conv' uses SOFTMAX", "activation = SOFTMAX");
  }

  @Test
  void inputOfTwoSizesIsAnError() {
    assertError(network("input = {28, 28}, loss = SOFTMAX_CROSS_ENTROPY", "@Dense(10) Layer logits;"),
        "[Input/Rank] @Network on 'Net' has input = [28, 28] (2 sizes), but an input is flat, {n}, or an image,"
            + " {C, H, W}", "input = {28, 28}");
  }

  @Test
  void heavisideOnHiddenLayerIsAnError() {
    assertError(network("input = 4, loss = PERCEPTRON", "@Dense(units = 3, activation = HEAVISIDE) Layer hidden;",
            "@Dense(units = 1, activation = HEAVISIDE) Layer out;"),
        "[Activation/HeavisideNotTrainable] @Dense 'hidden' uses HEAVISIDE, which has no gradient", "Layer hidden;");
  }

  @Test
  void heavisideWithoutPerceptronLossIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(units = 1, activation = HEAVISIDE) Layer out;"),
        "Use SIGMOID, or Loss.PERCEPTRON", "activation = HEAVISIDE");
  }

  @Test
  void softmaxCrossEntropyOnOneOutputIsAnError() {
    assertError(network(MLP, "@Dense(units = 1) Layer out;"),
        "[Loss/NeedsClasses] Loss.SOFTMAX_CROSS_ENTROPY picks one of several classes, but the last layer 'out' produces [1]",
        "units = 1");
  }

  @Test
  void sigmoidBeforeBinaryCrossEntropyIsAnError() {
    assertError(network("input = 4, loss = BINARY_CROSS_ENTROPY", "@Dense(units = 1, activation = SIGMOID) Layer out;"),
        "[Loss/SigmoidTwice] The last layer 'out' applies SIGMOID", "activation = SIGMOID");
  }

  @Test
  void perceptronWithoutHeavisideIsAnError() {
    assertError(network("input = 4, loss = PERCEPTRON", "@Dense(units = 1, activation = SIGMOID) Layer out;"),
        "[Loss/PerceptronNeedsHeaviside] Loss.PERCEPTRON trains threshold units, but the last layer 'out' uses SIGMOID",
        "activation = SIGMOID");
  }

  @Test
  void softmaxBeforeSoftmaxCrossEntropyIsAWarningAndStillGenerates() {
    JavaFileObject source = network(MLP, "@Dense(units = 10, activation = SOFTMAX) Layer out;");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("[Loss/SoftmaxTwice] The last layer 'out' applies SOFTMAX")
        .inFile(source).onLineContaining("activation = SOFTMAX");
    assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
        .contains("LOSS_TAKES_PROBABILITIES = true;");
    assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
        .contains("Ops.softmaxCrossEntropy(device, batch, 10, out, labels, LOSS_TAKES_PROBABILITIES, dOut)");
  }

  @Test
  void suppressWarningsWithTheIdSilencesThatWarning() {
    Compilation compilation = compile(network(MLP,
        "@SuppressWarnings(\"Loss/SoftmaxTwice\") @Dense(units = 10, activation = SOFTMAX) Layer out;"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.NetNet");
  }

  @Test
  void suppressWarningsHypercolumnOnTheClassSilencesEveryWarning() {
    JavaFileObject source = source("test.Net", "package test;", Sources.IMPORTS,
        "@SuppressWarnings(\"hypercolumn\")", "@Network(" + MLP + ")", "abstract class Net {",
        "  @Dense(units = 10, activation = SOFTMAX) Layer out;", "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void suppressWarningsWithAnotherIdKeepsTheWarning() {
    JavaFileObject source = network(MLP,
        "@SuppressWarnings(\"Loss/SigmoidTwice\") @Dense(units = 10, activation = SOFTMAX) Layer out;");
    assertThat(compile(source)).hadWarningContaining("[Loss/SoftmaxTwice]")
        .inFile(source).onLineContaining("activation = SOFTMAX");
  }

  @Test
  void allErrorsOfAClassAreReported() {
    Compilation compilation = compile(network(MLP, "@Dense(units = 0) Layer a;", "@Dropout(2.0) Layer b;", "@Dense(10) private Layer c;"));
    assertThat(compilation).hadErrorCount(3);
  }

  // --- @ActivationLayer and @BatchNorm

  @Test
  void softmaxActivationLayerBeforeSoftmaxCrossEntropyIsTheSameWarning() {
    JavaFileObject source = network(MLP, "@Dense(10) Layer out;", "@ActivationLayer(SOFTMAX) Layer probabilities;");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("[Loss/SoftmaxTwice] The last layer 'probabilities' applies SOFTMAX")
        .inFile(source).onLineContaining("@ActivationLayer(SOFTMAX)");
    assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
        .contains("LOSS_TAKES_PROBABILITIES = true;");
  }

  @Test
  void sigmoidActivationLayerBeforeBinaryCrossEntropyIsAnError() {
    assertError(network("input = 4, loss = BINARY_CROSS_ENTROPY", "@Dense(1) Layer out;",
        "@ActivationLayer(SIGMOID) Layer squashed;"),
        "[Loss/SigmoidTwice] The last layer 'squashed' applies SIGMOID", "@ActivationLayer(SIGMOID)");
  }

  @Test
  void perceptronEndingInAnotherActivationLayerIsAnError() {
    assertError(network("input = 4, loss = PERCEPTRON", "@Dense(1) Layer out;", "@ActivationLayer(TANH) Layer act;"),
        "[Loss/PerceptronNeedsHeaviside] Loss.PERCEPTRON trains threshold units, but the last layer 'act' uses TANH",
        "@ActivationLayer(TANH)");
  }

  @Test
  void perceptronEndingInAHeavisideActivationLayerCompiles() {
    assertThat(compile(network("input = 4, loss = PERCEPTRON", "@Dense(1) Layer out;",
        "@ActivationLayer(HEAVISIDE) Layer step;"))).succeededWithoutWarnings();
  }

  @Test
  void heavisideActivationLayerInsideTheNetworkIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(3) Layer hidden;",
        "@ActivationLayer(HEAVISIDE) Layer step;", "@Dense(1) Layer out;"),
        "[Activation/HeavisideNotTrainable] @ActivationLayer 'step' uses HEAVISIDE", "@ActivationLayer(HEAVISIDE)");
  }

  @Test
  void alphaOnAnActivationLayerWithoutOneIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(3) Layer hidden;",
        "@ActivationLayer(value = TANH, alpha = 0.2) Layer act;", "@Dense(1) Layer out;"),
        "[Activation/AlphaUnused] @ActivationLayer 'act' sets alpha = 0.2, but TANH takes no parameter",
        "alpha = 0.2");
  }

  @Test
  void softmaxActivationLayerOnAnImageIsAnError() {
    assertError(network("input = {2, 3, 3}, loss = MEAN_SQUARED_ERROR", "@ActivationLayer(SOFTMAX) Layer act;",
        "@Flatten Layer flat;", "@Dense(1) Layer out;"),
        "[Shape/SoftmaxNeedsFlat] @ActivationLayer(SOFTMAX) 'act' is a softmax over the features of a flat input,"
            + " but the network input produces [2, 3, 3]. Add a @Flatten layer before 'act', or use a pointwise"
            + " activation on the image.", "Layer act;");
  }

  @Test
  void softmaxActivationLayerAfterAConvolutionNamesTheConvolution() {
    assertError(network(IMAGE, "@Conv2D(filters = 2, kernel = 3) Layer conv;", "@ActivationLayer(SOFTMAX) Layer act;",
        "@Flatten Layer flat;", "@Dense(10) Layer out;"),
        "[Shape/SoftmaxNeedsFlat] @ActivationLayer(SOFTMAX) 'act' is a softmax over the features of a flat input,"
            + " but 'conv' produces [2, 26, 26].", "Layer act;");
  }

  @Test
  void batchNormAndActivationLayersOnImagesCompile() {
    assertThat(compile(network(IMAGE, "@BatchNorm Layer inputNorm;", "@Conv2D(filters = 2, kernel = 3) Layer conv;",
        "@BatchNorm(momentum = 0.2, eps = 1e-3) Layer bn;", "@ActivationLayer(RELU) Layer relu;",
        "@MaxPool2D(size = 2) Layer pool;", "@ActivationLayer(TANH) Layer tanh;", "@BatchNorm(affine = false) Layer bare;",
        "@Flatten Layer flat;", "@Dense(10) Layer out;"))).succeededWithoutWarnings();
  }

  @Test
  void batchNormMomentumOutsideZeroToOneIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(3) Layer hidden;",
        "@BatchNorm(momentum = 1.5) Layer bn;", "@Dense(1) Layer out;"),
        "[BatchNorm/Momentum] @BatchNorm 'bn' has momentum = 1.5, but the weight of the newest batch", "momentum = 1.5");
  }

  @Test
  void batchNormEpsNotPositiveIsAnError() {
    assertError(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(3) Layer hidden;",
        "@BatchNorm(eps = 0.0) Layer bn;", "@Dense(1) Layer out;"),
        "[BatchNorm/Eps] @BatchNorm 'bn' has eps = 0.0, but eps keeps", "eps = 0.0");
  }

  @Test
  void batchNormWithItsEdgeMomentaCompiles() {
    assertThat(compile(network("input = 4, loss = MEAN_SQUARED_ERROR", "@Dense(3) Layer hidden;",
        "@BatchNorm(momentum = 0.0) Layer frozen;", "@BatchNorm(momentum = 1.0, affine = false) Layer latest;",
        "@Dense(1) Layer out;"))).succeededWithoutWarnings();
  }
}
