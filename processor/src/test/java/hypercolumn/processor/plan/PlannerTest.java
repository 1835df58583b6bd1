package hypercolumn.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;

/** The planner on model objects built directly, without javac. */
class PlannerTest {
  private static NetworkPlan plan(Loss loss, int input, LayerSpec... layers) {
    List<FieldSpec> fields = new ArrayList<>();
    for (LayerSpec layer : layers) {
      fields.add(new FieldSpec(layer.name(), Origin.NONE, true, "hypercolumn.Layer", false, false, false, List.of(layer)));
    }
    ClassFacts facts = new ClassFacts(true, false, false, false, false, false, true, true, false, false);
    return Planners.plan(new NetworkSpec("test", "Net", "Net", "NetNet", Shape.of(input), Optional.of(loss), fields, facts, Origin.NONE));
  }

  private static NetworkPlan mnistMlp() {
    return plan(Loss.SOFTMAX_CROSS_ENTROPY, 784,
        DenseSpec.of("hidden1", 256, Activation.RELU),
        DenseSpec.of("hidden2", 128, Activation.RELU),
        DenseSpec.of("logits", 10, Activation.IDENTITY));
  }

  @Test
  void mlpHasKerasParameterCountAndPyTorchLayout() {
    NetworkPlan plan = mnistMlp();
    assertEquals(235_146, plan.parameterCount());
    List<ParameterSlot> p = plan.parameters();
    assertEquals(List.of("hidden1.weight", "hidden1.bias", "hidden2.weight", "hidden2.bias", "logits.weight", "logits.bias"),
        p.stream().map(ParameterSlot::name).toList());
    assertEquals(Shape.of(256, 784), p.get(0).shape());
    assertEquals(List.of(0, 200_704, 200_960, 233_728, 233_856, 235_136), p.stream().map(ParameterSlot::offset).toList());
    assertEquals(List.of(true, false, true, false, true, false), p.stream().map(ParameterSlot::regularized).toList());
    assertEquals(List.of(0, 200_960, 233_856), plan.layers().stream().map(LayerPlan::parameterOffset).toList());
  }

  @Test
  void tinyNetworkHasNineParameters() {
    NetworkPlan plan = plan(Loss.MEAN_SQUARED_ERROR, 2, DenseSpec.of("hidden", 2, Activation.SIGMOID),
        DenseSpec.of("out", 1, Activation.SIGMOID));
    assertEquals(9, plan.parameterCount());
    assertEquals(Shape.of(1), plan.outputShape());
    assertEquals(1, plan.labelSize());
  }

  @Test
  void flopsCountMultiplyAddAsTwo() {
    NetworkPlan plan = mnistMlp();
    long matmul = 784 * 256 + 256 * 128 + 128 * 10;
    assertEquals(2 * matmul + 256 + 128 + 10, plan.forwardFlops());
    // Backward: dW for every layer, db, and dX for every layer but the first.
    assertEquals(2 * matmul + 256 + 128 + 10 + 2L * (256 * 128 + 128 * 10), plan.backwardFlops());
  }

  @Test
  void dropoutAfterDenseIsFusedIntoItsBlock() {
    NetworkPlan plan = plan(Loss.SOFTMAX_CROSS_ENTROPY, 4, DenseSpec.of("hidden", 8, Activation.RELU),
        DropoutSpec.of("drop", 0.5), DenseSpec.of("logits", 3, Activation.IDENTITY));
    assertEquals(2, plan.blocks().size());
    DenseBlock hidden = (DenseBlock) plan.blocks().get(0);
    assertEquals("drop", hidden.dropout().orElseThrow().spec().name());
    assertEquals(1, hidden.dropout().get().layerIndex());
    assertEquals(hidden.finalOutput(), plan.blocks().get(1).input());
    assertTrue(hidden.hasBackwardKernel());
    assertTrue(hidden.inputGradient().isEmpty(), "the first layer needs no input gradient");
    assertEquals(3, plan.layers().size());
  }

  @Test
  void dropoutAfterSoftmaxIsItsOwnBlockAndRunsInPlaceBackward() {
    NetworkPlan plan = plan(Loss.MEAN_SQUARED_ERROR, 4, DenseSpec.of("soft", 5, Activation.SOFTMAX),
        DropoutSpec.of("drop", 0.2), DenseSpec.of("out", 2, Activation.IDENTITY));
    assertEquals(3, plan.blocks().size());
    DropoutBlock drop = (DropoutBlock) plan.blocks().get(1);
    assertEquals(drop.outputGradient(), plan.blocks().get(0).outputGradient());
    assertEquals(drop.outputGradient(), ((DenseBlock) plan.blocks().get(2)).inputGradient());
  }

  @Test
  void leadingDropoutHasNoBackward() {
    NetworkPlan plan = plan(Loss.MEAN_SQUARED_ERROR, 4, DropoutSpec.of("drop", 0.2), DenseSpec.of("out", 2, Activation.IDENTITY));
    assertTrue(plan.blocks().get(0).outputGradient().isEmpty());
    assertTrue(((DenseBlock) plan.blocks().get(1)).inputGradient().isEmpty());
  }

  @Test
  void softmaxBeforeSoftmaxCrossEntropyIsFolded() {
    NetworkPlan plan = plan(Loss.SOFTMAX_CROSS_ENTROPY, 4, DenseSpec.of("out", 3, Activation.SOFTMAX));
    assertTrue(((DenseBlock) plan.blocks().get(0)).foldedSoftmax());
    NetworkPlan mse = plan(Loss.MEAN_SQUARED_ERROR, 4, DenseSpec.of("out", 3, Activation.SOFTMAX));
    assertFalse(((DenseBlock) mse.blocks().get(0)).foldedSoftmax());
  }

  @Test
  void buffersLiveAtTheSameTimeNeverOverlapAndDeadGradientsAreReused() {
    NetworkPlan plan = plan(Loss.MEAN_SQUARED_ERROR, 100,
        DenseSpec.of("a", 100, Activation.TANH), DenseSpec.of("b", 100, Activation.TANH),
        DenseSpec.of("c", 100, Activation.TANH), DenseSpec.of("d", 100, Activation.TANH));
    // input, labels, 4 outputs, 4 gradients of 100 floats each: without reuse 1000. At c's
    // backward step eight are live (input, labels, a, b, c, d, dC, dB): 800 is the least possible.
    // dD (loss to d's backward) is dead when dB is written, so they share space.
    assertEquals(800, plan.arenaWidth());
    DenseBlock b = (DenseBlock) plan.blocks().get(1);
    DenseBlock d = (DenseBlock) plan.blocks().get(3);
    assertEquals(d.outputGradient().get().offset(), b.outputGradient().get().offset());
    // Forward outputs, input, labels and the gradient being consumed are all distinct.
    List<Buffer> distinct = new ArrayList<>(List.of(plan.input(), plan.labels()));
    plan.blocks().forEach(block -> distinct.add(((DenseBlock) block).output()));
    for (int i = 0; i < distinct.size(); i++) {
      for (int j = i + 1; j < distinct.size(); j++) {
        Buffer x = distinct.get(i);
        Buffer y = distinct.get(j);
        assertTrue(x.offset() + x.width() <= y.offset() || y.offset() + y.width() <= x.offset(), x + " overlaps " + y);
      }
    }
  }

  @Test
  void summaryTableListsLayersAndTotals() {
    String table = SummaryTable.render(mnistMlp());
    assertTrue(table.contains("hidden1  Dense  (256)         200,960"), table);
    assertTrue(table.contains("Total params: 235,146"), table);
    assertTrue(table.contains("FLOPs per sample: 469,898 forward, 537,994 backward"), table);
  }
}
