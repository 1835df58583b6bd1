package hypercolumn.processor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.model.ClassFacts;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.FieldSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Origin;
import hypercolumn.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Which attribute a diagnostic points at, on the rules alone: a recording {@link Origin} names
 * the node and the attribute asked for, so a test can tell {@code units} from {@code value}
 * even where both would sit on the same source line (which is all that the compile-testing
 * tests can check). Also the limits of the loss rule (two classes are enough) and the local
 * class rule, which javac never reaches. Expected targets follow from each rule's comment.
 */
class DiagnosticTargetsTest {
  /** An origin that says where it is: the node, then the attribute, if one was asked for. */
  private record At(String where) implements Origin {
    @Override
    public Origin attribute(String name) {
      return new At(where + "." + name);
    }
  }

  private static final ClassFacts VALID = new ClassFacts(true, false, false, false, false, false, true, true, false, false);

  private static NetworkSpec network(Loss loss, ClassFacts facts, LayerSpec... layers) {
    List<FieldSpec> fields = new ArrayList<>();
    for (LayerSpec layer : layers) {
      fields.add(new FieldSpec(layer.name(), Origin.NONE, true, "hypercolumn.Layer", false, false, false, List.of(layer)));
    }
    return new NetworkSpec("test", "Net", "Net", "NetNet", Shape.of(3), Optional.of(loss), fields, facts, new At("class"));
  }

  private static List<Diagnostic> run(Rule rule, NetworkSpec network) {
    List<Diagnostic> out = new ArrayList<>();
    rule.check(network, out);
    return out;
  }

  /** A rule that reads shapes, run on the shapes {@link ShapeInference} infers. */
  private static List<Diagnostic> run(ShapedRule rule, NetworkSpec network) {
    List<Diagnostic> out = new ArrayList<>();
    rule.check(new ShapeInference().infer(network, out), out);
    return out;
  }

  private static DenseSpec dense(String name, OptionalInt value, OptionalInt units, Activation activation) {
    return new DenseSpec(name, new At(name), value, units, activation, OptionalDouble.empty(), true);
  }

  @Test
  void softmaxCrossEntropyAcceptsTwoClassesAndPointsAtTheWidthItRefuses() {
    assertEquals(List.of(), run(new LossRule(),
        network(Loss.SOFTMAX_CROSS_ENTROPY, VALID, dense("out", OptionalInt.empty(), OptionalInt.of(2), Activation.IDENTITY))));

    List<Diagnostic> units = run(new LossRule(),
        network(Loss.SOFTMAX_CROSS_ENTROPY, VALID, dense("out", OptionalInt.empty(), OptionalInt.of(1), Activation.IDENTITY)));
    assertEquals(new At("out.units"), units.get(0).origin());
    List<Diagnostic> value = run(new LossRule(),
        network(Loss.SOFTMAX_CROSS_ENTROPY, VALID, dense("out", OptionalInt.of(1), OptionalInt.empty(), Activation.IDENTITY)));
    assertEquals(new At("out.value"), value.get(0).origin());

    // A dropout last: the diagnostic points at the dropout layer itself.
    DropoutSpec drop = new DropoutSpec("drop", new At("drop"), OptionalDouble.of(0.5), OptionalDouble.empty());
    List<Diagnostic> dropout = run(new LossRule(),
        network(Loss.SOFTMAX_CROSS_ENTROPY, VALID, dense("out", OptionalInt.of(1), OptionalInt.empty(), Activation.IDENTITY), drop));
    assertEquals(new At("drop"), dropout.get(0).origin());
  }

  @Test
  void aDropoutRateOutOfRangePointsAtTheAttributeThatGaveIt() {
    DropoutSpec byRate = new DropoutSpec("drop", new At("drop"), OptionalDouble.empty(), OptionalDouble.of(1.5));
    assertEquals(new At("drop.rate"), run(new DropoutRateRule(), network(Loss.MEAN_SQUARED_ERROR, VALID, byRate)).get(0).origin());
    DropoutSpec byValue = new DropoutSpec("drop", new At("drop"), OptionalDouble.of(-0.5), OptionalDouble.empty());
    assertEquals(new At("drop.value"), run(new DropoutRateRule(), network(Loss.MEAN_SQUARED_ERROR, VALID, byValue)).get(0).origin());
  }

  @Test
  void aLocalClassIsAnErrorOnItsDeclaration() {
    ClassFacts local = new ClassFacts(true, false, false, false, false, true, true, true, false, false);
    List<Diagnostic> out = run(new ClassRule(),
        network(Loss.MEAN_SQUARED_ERROR, local, dense("out", OptionalInt.of(1), OptionalInt.empty(), Activation.IDENTITY)));
    assertEquals(1, out.size());
    assertTrue(out.get(0).message().startsWith("[Class/Local] @Network class 'Net' is declared inside a method"),
        out.get(0).message());
    assertEquals(new At("class"), out.get(0).origin());
  }
}
