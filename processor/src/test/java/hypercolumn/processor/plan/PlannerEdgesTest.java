package hypercolumn.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * Planner cases the canonical networks miss: a dropout before the first dense layer (no layer
 * below it has parameters, so the dense layer needs no input gradient), a dense layer with
 * neither bias nor activation (no fused kernel after its product), and a network without a
 * loss. FLOPs are counted by hand with the class comment's rule (a multiply-add is 2, a bias
 * element 1).
 */
class PlannerEdgesTest {
  private static final ClassFacts FACTS = new ClassFacts(true, false, false, false, false, false, true, true, false, false);

  private static NetworkSpec network(Optional<Loss> loss, int input, LayerSpec... layers) {
    List<FieldSpec> fields = new ArrayList<>();
    for (LayerSpec layer : layers) {
      fields.add(new FieldSpec(layer.name(), Origin.NONE, true, "hypercolumn.Layer", false, false, false, List.of(layer)));
    }
    return new NetworkSpec("test", "Net", "Net", "NetNet", Shape.of(input), loss, fields, FACTS, Origin.NONE);
  }

  private static DenseSpec withoutBias(String name, int units) {
    return new DenseSpec(name, Origin.NONE, OptionalInt.empty(), OptionalInt.of(units), Activation.IDENTITY,
        OptionalDouble.empty(), false);
  }

  @Test
  void aDenseLayerAfterALeadingDropoutComputesNoInputGradient() {
    NetworkPlan plan = Planners.plan(network(Optional.of(Loss.MEAN_SQUARED_ERROR), 5,
        DropoutSpec.of("drop", 0.5), DenseSpec.of("out", 3, Activation.IDENTITY)));
    long matmul = 2L * 5 * 3;
    assertEquals(matmul + 3, plan.forwardFlops());
    assertEquals(matmul + 3, plan.backwardFlops()); // dW and db; nothing below needs dX
  }

  @Test
  void onlyABiasActivationOrDropoutNeedsAKernelAfterTheProduct() {
    NetworkPlan bare = Planners.plan(network(Optional.of(Loss.MEAN_SQUARED_ERROR), 4, withoutBias("out", 2)));
    assertFalse(launchesInForward(bare));
    NetworkPlan biased = Planners.plan(network(Optional.of(Loss.MEAN_SQUARED_ERROR), 4,
        DenseSpec.of("out", 2, Activation.IDENTITY)));
    assertTrue(launchesInForward(biased));
    NetworkPlan activated = Planners.plan(network(Optional.of(Loss.MEAN_SQUARED_ERROR), 4,
        new DenseSpec("out", Origin.NONE, OptionalInt.empty(), OptionalInt.of(2), Activation.TANH, OptionalDouble.empty(), false)));
    assertTrue(launchesInForward(activated));
  }

  private static boolean launchesInForward(NetworkPlan plan) {
    return plan.blocks().get(0).forward().stream().anyMatch(op -> op.launched().isPresent());
  }

  @Test
  void aNetworkWithoutALossIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Planners.plan(network(Optional.empty(), 4, DenseSpec.of("out", 2, Activation.IDENTITY))));
    assertEquals("network without a loss", e.getMessage());
  }
}
