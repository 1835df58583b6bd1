package hypercolumn.processor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.model.ClassFacts;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.FieldSpec;
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
 * The limits of a dense layer's alpha, on the rule alone (no javac): leaky ReLU's slope may be
 * 0 (a plain ReLU), ELU's scale may not, and each message names the default of its own
 * activation (0.01 for leaky ReLU, 1.0 for ELU, as the annotation's documentation says).
 */
class DenseAlphaBoundsTest {
  private static List<Diagnostic> check(Activation activation, double alpha) {
    DenseSpec dense = new DenseSpec("hidden", Origin.NONE, OptionalInt.empty(), OptionalInt.of(4), activation,
        OptionalDouble.of(alpha), true);
    FieldSpec field = new FieldSpec("hidden", Origin.NONE, true, "hypercolumn.Layer", false, false, false, List.of(dense));
    ClassFacts facts = new ClassFacts(true, false, false, false, false, false, true, true, false, false);
    NetworkSpec network = new NetworkSpec("test", "Net", "Net", "NetNet", Shape.of(3),
        Optional.of(Loss.MEAN_SQUARED_ERROR), List.of(field), facts, Origin.NONE);
    List<Diagnostic> out = new ArrayList<>();
    new DenseAttributesRule().check(network, out);
    return out;
  }

  @Test
  void aLeakySlopeOfZeroIsAllowed() {
    assertEquals(List.of(), check(Activation.LEAKY_RELU, 0));
    assertEquals(List.of(), check(Activation.ELU, 0.5));
  }

  @Test
  void eachInvalidAlphaMessageNamesItsActivationsDefault() {
    List<Diagnostic> leaky = check(Activation.LEAKY_RELU, -1);
    assertEquals(1, leaky.size());
    assertTrue(leaky.get(0).message().endsWith("or remove alpha for the default (0.01)."), leaky.get(0).message());
    List<Diagnostic> elu = check(Activation.ELU, 0);
    assertEquals(1, elu.size());
    assertTrue(elu.get(0).message().endsWith("or remove alpha for the default (1.0)."), elu.get(0).message());
  }
}
