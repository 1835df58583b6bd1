package hypercolumn.processor.fuzz;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.fuzz.Declaration.Annotation;
import hypercolumn.processor.fuzz.Declaration.Dense;
import hypercolumn.processor.fuzz.Declaration.Dropout;
import hypercolumn.processor.fuzz.Declaration.Field;
import hypercolumn.processor.fuzz.Declaration.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Predicts, from the declaration alone, what the processor must say: the ids of the errors and
 * warnings, and for a valid network every layer's output shape and parameter count. It is a
 * second implementation of the rules written from their documentation, sharing no code with the
 * processor, so that the two can disagree.
 *
 * <p>As documented in the checker, declaration rules (class, name, input, fields, attributes)
 * are checked first; shapes, the layer stack and the loss only when those all pass.
 */
final class Oracle {
  /** One summary row: layer name, kind, output shape and parameter count. */
  record Row(String name, String kind, List<Long> shape, long parameters) {}

  record Prediction(String generatedName, Set<String> errors, Set<String> warnings, List<Row> rows, long totalParameters) {
    boolean valid() {
      return errors.isEmpty();
    }
  }

  /** The public types of package {@code hypercolumn}, which the network sources import on demand. */
  private static final Set<String> LIBRARY_TYPES = Set.of("Network", "Dense", "Dropout", "Layer", "Activation", "Loss");

  private Oracle() {}

  static Prediction predict(Declaration d) {
    Set<String> errors = new TreeSet<>();
    Set<String> warnings = new TreeSet<>();
    String generatedName = generatedName(d);
    declarationErrors(d, generatedName, errors);
    List<Row> rows = new ArrayList<>();
    long total = 0;
    if (errors.isEmpty()) {
      total = structure(d, errors, warnings, rows);
    }
    return new Prediction(generatedName, errors, warnings, rows, total);
  }

  static String generatedName(Declaration d) {
    String written = d.name().written() ? d.name().text().substring(1, d.name().text().length() - 1) : "";
    return written.isEmpty() ? d.className() + "Net" : written;
  }

  private static void declarationErrors(Declaration d, String generatedName, Set<String> errors) {
    if (d.classModifiers().contains("final")) {
      errors.add("Class/Final");
    } else if (!d.classModifiers().contains("abstract")) {
      errors.add("Class/NotAbstract");
    }
    if (!d.constructor().accessibleNoArgs()) {
      errors.add("Class/NoConstructor");
    }
    if (!d.name().identifier()) {
      errors.add("Name/NotIdentifier");
    } else if (generatedName.equals(d.className()) || d.companionTypes().contains(generatedName)) {
      errors.add("Name/Taken");
    } else if (LIBRARY_TYPES.contains(generatedName)) {
      errors.add("Name/HidesLibraryType");
    }
    if (d.input().isEmpty()) {
      errors.add("Input/Empty");
    } else if (d.input().size() != 1 && d.input().size() != 3) {
      errors.add("Input/Rank");
    } else if (d.input().stream().anyMatch(dim -> dim.value() <= 0)) {
      errors.add("Input/NotPositive");
    }
    for (Member member : d.members()) {
      if (member instanceof Field field) {
        fieldErrors(field, errors);
      }
    }
  }

  private static void fieldErrors(Field field, Set<String> errors) {
    List<Annotation> layers = field.layerAnnotations();
    if (layers.isEmpty()) {
      if (field.layerTyped()) {
        errors.add("Field/MissingLayerAnnotation");
      }
      return;
    }
    if (layers.size() > 1) {
      errors.add("Field/TwoLayers");
    }
    if (!field.layerTyped()) {
      errors.add("Field/NotLayer");
    }
    for (String modifier : List.of("private", "final", "static")) {
      if (List.of(field.modifiers().split(" ")).contains(modifier)) {
        errors.add("Field/Modifier");
      }
    }
    if (layers.size() == 1) {
      attributeErrors(layers.get(0), errors);
    }
  }

  private static void attributeErrors(Annotation layer, Set<String> errors) {
    if (layer instanceof Dense dense) {
      if (dense.value() != null && dense.units() != null) {
        errors.add("Dense/UnitsTwice");
      } else if (dense.value() == null && dense.units() == null) {
        errors.add("Dense/UnitsMissing");
      } else if (dense.width() < 1) {
        errors.add("Dense/UnitsNotPositive");
      }
      if (dense.alpha() != null) {
        double alpha = dense.alpha().value();
        Activation activation = dense.effectiveActivation();
        if (activation == Activation.LEAKY_RELU) {
          if (Double.isNaN(alpha) || Double.isInfinite(alpha) || alpha < 0) {
            errors.add("Dense/AlphaInvalid");
          }
        } else if (activation == Activation.ELU) {
          if (Double.isNaN(alpha) || Double.isInfinite(alpha) || alpha <= 0) {
            errors.add("Dense/AlphaInvalid");
          }
        } else {
          errors.add("Dense/AlphaUnused");
        }
      }
    } else if (ImageOracle.isImageKind(layer)) {
      ImageOracle.attributeErrors(layer, errors);
    } else if (layer instanceof Dropout dropout) {
      if (dropout.value() != null && dropout.rate() != null) {
        errors.add("Dropout/RateTwice");
      } else if (dropout.value() == null && dropout.rate() == null) {
        errors.add("Dropout/RateMissing");
      } else {
        double p = dropout.probability();
        if (Double.isNaN(p) || p < 0 || p >= 1) {
          errors.add("Dropout/RateOutOfRange");
        }
      }
    }
  }

  /** Shapes, stack and loss of a network whose declarations are all valid; returns total parameters. */
  private static long structure(Declaration d, Set<String> errors, Set<String> warnings, List<Row> rows) {
    List<Field> layers = new ArrayList<>();
    for (Member member : d.members()) {
      if (member instanceof Field field && !field.layerAnnotations().isEmpty()) {
        layers.add(field);
      }
    }
    if (layers.isEmpty()) {
      errors.add("Layers/None");
      return 0;
    }
    Annotation last = layers.get(layers.size() - 1).layerAnnotations().get(0);
    if (last instanceof Dropout) {
      errors.add("Layers/DropoutLast");
    }
    if (layers.stream().map(f -> f.layerAnnotations().get(0))
        .noneMatch(layer -> layer instanceof Dense || layer instanceof Declaration.Conv2D)) {
      errors.add("Layers/NothingToTrain"); // poolings and flattens alone
    }
    List<Long> shape = new ArrayList<>();
    d.input().forEach(dim -> shape.add((long) dim.intValue()));
    long total = 0;
    // Only the first layer that rejects its input is reported; shapes are inferred on past it.
    boolean rejected = false;
    for (Field field : layers) {
      Annotation layer = field.layerAnnotations().get(0);
      String rejection = layer instanceof Dense && shape.size() != 1 ? "Shape/DenseNeedsFlat"
          : ImageOracle.rejects(layer, shape);
      if (rejection != null && !rejected) {
        errors.add(rejection);
        rejected = true;
      }
      if (layer instanceof Dense dense) {
        long in = shape.size() == 1 ? shape.get(0) : 0;
        long parameters = in * dense.width() + (dense.hasBias() ? dense.width() : 0);
        shape.clear();
        shape.add((long) dense.width());
        rows.add(new Row(field.name(), "Dense", List.copyOf(shape), parameters));
        total += parameters;
      } else if (ImageOracle.isImageKind(layer)) {
        long parameters = ImageOracle.parameters(layer, shape);
        List<Long> output = ImageOracle.output(layer, shape);
        shape.clear();
        shape.addAll(output);
        rows.add(new Row(field.name(), ImageOracle.kind(layer), List.copyOf(shape), parameters));
        total += parameters;
      } else {
        rows.add(new Row(field.name(), "Dropout", List.copyOf(shape), 0));
      }
    }
    boolean perceptron = d.loss() == Loss.PERCEPTRON;
    for (int i = 0; i < layers.size(); i++) {
      if (activation(layers.get(i).layerAnnotations().get(0)) == Activation.HEAVISIDE
          && !(perceptron && i == layers.size() - 1)) {
        errors.add("Activation/HeavisideNotTrainable");
      }
    }
    Activation lastActivation = activation(last);
    switch (d.loss()) {
      case SOFTMAX_CROSS_ENTROPY -> {
        if (shape.size() != 1 || shape.get(0) < 2) {
          errors.add("Loss/NeedsClasses");
        } else if (lastActivation == Activation.SOFTMAX) {
          warnings.add("Loss/SoftmaxTwice");
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (lastActivation == Activation.SIGMOID) {
          errors.add("Loss/SigmoidTwice");
        }
      }
      case PERCEPTRON -> {
        if (lastActivation != null && lastActivation != Activation.HEAVISIDE) {
          errors.add("Loss/PerceptronNeedsHeaviside");
        }
      }
      case MEAN_SQUARED_ERROR -> {}
    }
    return total;
  }

  /** The activation a dense layer or a convolution applies (identity when unwritten); null for other kinds. */
  private static Activation activation(Annotation layer) {
    if (layer instanceof Dense dense) {
      return dense.effectiveActivation();
    }
    return layer instanceof Declaration.Conv2D conv ? conv.effectiveActivation() : null;
  }
}
