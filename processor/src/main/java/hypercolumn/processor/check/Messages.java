package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.processor.model.Shape;
import java.util.List;

/**
 * Every message the processor prints, each under a stable id in brackets. A message says the
 * rule, what was found, and the fix, in that order; tests and users can search for the id.
 */
public final class Messages {
  private Messages() {}

  // --- the class

  static String classNotAbstract(String name, String generated) {
    return "[Class/NotAbstract] @Network class '" + name + "' must be abstract: Hypercolumn generates '"
        + generated + "' as its subclass and you instantiate that. Declare it 'abstract class " + name + "'.";
  }

  static String classFinal(String name) {
    return "[Class/Final] @Network class '" + name + "' is final, but Hypercolumn generates a subclass of it."
        + " Declare it 'abstract' instead of 'final'.";
  }

  static String classPrivate(String name, String generated) {
    return "[Class/NotAccessible] @Network class '" + name + "' is private (or nested in a private class), so '"
        + generated + "' in the same package cannot extend it. Make it package-private or public.";
  }

  static String classInner(String name) {
    return "[Class/Inner] @Network class '" + name + "' is an inner class (nested and not static), so it cannot"
        + " be extended without an instance of its enclosing class. Declare it 'static'.";
  }

  static String classLocal(String name) {
    return "[Class/Local] @Network class '" + name + "' is declared inside a method, where no generated class"
        + " can extend it. Move it to the top level or make it a static member class.";
  }

  static String classNoConstructor(String name) {
    return "[Class/NoConstructor] @Network class '" + name + "' has no constructor without parameters that its"
        + " generated subclass can call. Add a non-private constructor '" + name + "()'.";
  }

  static String nameNotIdentifier(String generated, String name) {
    return "[Name/NotIdentifier] The generated class name '" + generated + "' is not a valid Java identifier."
        + " Set name to a valid identifier, for example name = \"" + name + "Net\".";
  }

  static String nameTaken(String qualified, String name) {
    return "[Name/Taken] The class generated from '" + name + "' would be '" + qualified + "', but a type of"
        + " that name already exists. Choose another with @Network(name = \"...\").";
  }

  static String nameHidesLibraryType(String generated, String name, String packageName) {
    String where = packageName.isEmpty() ? "the unnamed package" : "package '" + packageName + "'";
    return "[Name/HidesLibraryType] The class generated from '" + name + "' would be named '" + generated
        + "', which hides hypercolumn." + generated + " in " + where + ", so '" + generated
        + "' in its sources (and in '" + name + "' itself) would mean the generated class."
        + " Choose another with @Network(name = \"...\").";
  }

  // --- the input

  static String inputEmpty(String name) {
    return "[Input/Empty] @Network on '" + name + "' declares an empty input shape. Give the shape of one"
        + " sample, for example input = 784 or input = {1, 28, 28}.";
  }

  static String inputNotPositive(String name, Shape input, int index) {
    return "[Input/NotPositive] @Network on '" + name + "' has input = " + input + ", but size " + (index + 1)
        + " is " + input.dim(index) + ". Every size of the input shape must be at least 1.";
  }

  // --- fields

  static String fieldNotAnnotated(String field) {
    return "[Field/MissingLayerAnnotation] Field '" + field + "' is a Layer but carries no layer annotation,"
        + " so it is not part of the network. Annotate it, for example @Dense(10), or remove it.";
  }

  static String fieldNotLayer(String field, String kind, String type) {
    return "[Field/NotLayer] Field '" + field + "' carries @" + kind + ", but its type is " + type
        + ". Declare it as 'Layer " + field + ";' (hypercolumn.Layer).";
  }

  static String fieldModifier(String field, String modifier) {
    return "[Field/Modifier] Layer field '" + field + "' is " + modifier + ", but the generated subclass assigns"
        + " every layer field. Remove '" + modifier + "'.";
  }

  static String fieldTwoLayers(String field, String kinds) {
    return "[Field/TwoLayers] Field '" + field + "' carries " + kinds + ", but one field is one layer."
        + " Declare a separate field for each layer, in the order they run.";
  }

  static String noLayers(String name) {
    return "[Layers/None] @Network class '" + name + "' declares no layers. Add Layer fields in the order they"
        + " run, for example '@Dense(10) Layer out;'.";
  }

  static String nothingToTrain(String name, List<String> kinds) {
    return "[Layers/NothingToTrain] @Network class '" + name + "' has no trainable parameters: its layers are "
        + String.join(", ", kinds) + ", and none of them learns. Add a @Dense or @Conv2D layer, for example"
        + " '@Dense(10) Layer out;' after a @Flatten.";
  }

  static String dropoutLast(String layer) {
    return "[Layers/DropoutLast] The last layer '" + layer + "' is @Dropout, so the network's output would be"
        + " randomly zeroed while training. Move it before a @Dense layer or remove it.";
  }

  // --- layer attributes

  static String denseUnitsMissing(String layer) {
    return "[Dense/UnitsMissing] @Dense '" + layer + "' does not say how many units it has."
        + " Write @Dense(64) or @Dense(units = 64).";
  }

  static String denseUnitsTwice(String layer, int value, int units) {
    return "[Dense/UnitsTwice] @Dense '" + layer + "' gives its width twice, as value = " + value
        + " and units = " + units + ". Keep one of them.";
  }

  static String denseUnitsNotPositive(String layer, String attribute, int width) {
    return "[Dense/UnitsNotPositive] @Dense '" + layer + "' has " + attribute + " = " + width
        + ", but a layer needs at least 1 unit. Give a positive width, for example @Dense(64).";
  }

  static String alphaUnused(String layer, double alpha, Activation activation) {
    return alphaUnused("Dense", "@Dense", layer, alpha, activation);
  }

  /** @param id the id's rule part, {@code Dense} or {@code Activation}, of the annotation {@code kind} */
  static String alphaUnused(String id, String kind, String layer, double alpha, Activation activation) {
    return "[" + id + "/AlphaUnused] " + kind + " '" + layer + "' sets alpha = " + alpha + ", but " + activation
        + " takes no parameter. Remove alpha, or use LEAKY_RELU (slope) or ELU (scale).";
  }

  static String alphaInvalid(String layer, double alpha, Activation activation, String requirement) {
    return alphaInvalid("Dense", "@Dense", layer, alpha, activation, requirement);
  }

  static String alphaInvalid(String id, String kind, String layer, double alpha, Activation activation,
      String requirement) {
    return "[" + id + "/AlphaInvalid] " + kind + " '" + layer + "' sets alpha = " + alpha + " for " + activation
        + ", but it must be " + requirement + ". Give such a value or remove alpha for the default ("
        + (activation == Activation.ELU ? "1.0" : "0.01") + ").";
  }

  static String dropoutRateMissing(String layer) {
    return "[Dropout/RateMissing] @Dropout '" + layer + "' does not say its rate."
        + " Write @Dropout(0.5) or @Dropout(rate = 0.5).";
  }

  static String dropoutRateTwice(String layer, double value, double rate) {
    return "[Dropout/RateTwice] @Dropout '" + layer + "' gives its rate twice, as value = " + value
        + " and rate = " + rate + ". Keep one of them.";
  }

  static String dropoutRateOutOfRange(String layer, double rate) {
    return "[Dropout/RateOutOfRange] @Dropout '" + layer + "' has rate " + rate
        + ", but a rate is a probability in [0, 1). Give a rate such as 0.5.";
  }

  // --- shapes and activations

  /** The fix will become "Add @Flatten before ..." once that layer exists. */
  static String denseNeedsFlat(String layer, String producer, Shape found) {
    String source = producer == null ? "the network input" : "'" + producer + "'";
    String fix = producer == null
        ? "Declare the input as a flat shape, input = " + found.size() + ", or add a @Flatten layer before it."
        : "Add a @Flatten layer before it, which turns " + found + " into [" + found.size() + "].";
    return "[Shape/DenseNeedsFlat] @Dense '" + layer + "' needs a flat input, but " + source + " produces "
        + found + ". " + fix;
  }

  static String softmaxNeedsFlat(String layer, String producer, Shape found) {
    String source = producer == null ? "the network input" : "'" + producer + "'";
    return "[Shape/SoftmaxNeedsFlat] @ActivationLayer(SOFTMAX) '" + layer + "' is a softmax over the features of"
        + " a flat input, but " + source + " produces " + found + ". Add a @Flatten layer before '" + layer
        + "', or use a pointwise activation on the image.";
  }

  static String heavisideNotTrainable(String layer) {
    return heavisideNotTrainable("@Dense", layer);
  }

  static String heavisideNotTrainable(String kind, String layer) {
    return "[Activation/HeavisideNotTrainable] " + kind + " '" + layer + "' uses HEAVISIDE, which has no gradient,"
        + " so backpropagation cannot train through it. Use SIGMOID, or Loss.PERCEPTRON with HEAVISIDE on"
        + " the last layer for a threshold unit.";
  }

  // --- batch norm

  static String batchNormMomentum(String layer, double momentum) {
    return "[BatchNorm/Momentum] @BatchNorm '" + layer + "' has momentum = " + momentum + ", but the weight of the"
        + " newest batch in the running statistics must be in [0, 1]. Use a momentum such as 0.1, PyTorch's default.";
  }

  static String batchNormEps(String layer, double eps) {
    return "[BatchNorm/Eps] @BatchNorm '" + layer + "' has eps = " + eps + ", but eps keeps the square root of"
        + " the variance away from 0 and must be above 0. Use an eps such as 1e-5, PyTorch's default.";
  }

  // --- the loss

  static String lossNeedsClasses(String layer, Shape output) {
    return "[Loss/NeedsClasses] Loss.SOFTMAX_CROSS_ENTROPY picks one of several classes, but the last layer '"
        + layer + "' produces " + output + ". Give '" + layer + "' one unit per class (at least 2), or use"
        + " BINARY_CROSS_ENTROPY for a yes/no output.";
  }

  static String softmaxTwice(String layer) {
    return "[Loss/SoftmaxTwice] The last layer '" + layer + "' applies SOFTMAX and Loss.SOFTMAX_CROSS_ENTROPY"
        + " applies a softmax too. Hypercolumn folds the two (the output stays probabilities and the loss"
        + " takes them as such); remove activation = SOFTMAX to make the output logits and silence this.";
  }

  static String sigmoidTwice(String layer) {
    return "[Loss/SigmoidTwice] The last layer '" + layer + "' applies SIGMOID, but Loss.BINARY_CROSS_ENTROPY"
        + " applies the sigmoid itself, so it would be applied twice. Remove activation = SIGMOID from '"
        + layer + "'; its outputs are then logits (apply a sigmoid to read probabilities).";
  }

  static String perceptronNeedsHeaviside(String layer, Activation activation) {
    return "[Loss/PerceptronNeedsHeaviside] Loss.PERCEPTRON trains threshold units, but the last layer '"
        + layer + "' uses " + activation + ". Set activation = HEAVISIDE on '" + layer + "'.";
  }

  // --- the processor itself

  public static String internalFailure(String className, Throwable failure) {
    return "[Internal/Failure] Hypercolumn failed on class " + className + ": " + failure
        + ". Please report this.";
  }

  public static String summary(String table) {
    return "[Summary] " + table;
  }
}
