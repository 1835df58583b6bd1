package hypercolumn.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.Padding;
import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.BatchNormSpec;
import hypercolumn.processor.model.ClassFacts;
import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.FieldSpec;
import hypercolumn.processor.model.FlattenSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Origin;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner on model objects built directly, without javac. */
class PlannerTest {
  private static NetworkPlan plan(Loss loss, int input, LayerSpec... layers) {
    return plan(loss, Shape.of(input), layers);
  }

  private static NetworkPlan plan(Loss loss, Shape input, LayerSpec... layers) {
    List<FieldSpec> fields = new ArrayList<>();
    for (LayerSpec layer : layers) {
      fields.add(new FieldSpec(layer.name(), Origin.NONE, true, "hypercolumn.Layer", false, false, false, List.of(layer)));
    }
    ClassFacts facts = new ClassFacts(true, false, false, false, false, false, true, true, false, false);
    return Planners.plan(new NetworkSpec("test", "Net", "Net", "NetNet", input, Optional.of(loss), fields, facts, Origin.NONE));
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

  /** The ops of a kind, in order. */
  private static <T extends Op> List<T> ops(List<Op> ops, Class<T> kind) {
    return ops.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  @Test
  void dropoutAfterDenseIsFusedIntoItsBlock() {
    NetworkPlan plan = plan(Loss.SOFTMAX_CROSS_ENTROPY, 4, DenseSpec.of("hidden", 8, Activation.RELU),
        DropoutSpec.of("drop", 0.5), DenseSpec.of("logits", 3, Activation.IDENTITY));
    assertEquals(2, plan.blocks().size());
    LoweredBlock hidden = plan.blocks().get(0);
    assertEquals(List.of(new RandomKey("drop", 1)), hidden.keys());
    assertEquals("drop", hidden.finalOutput());
    // One kernel adds the bias, applies relu and drops; logits' product reads the dropped buffer.
    Op.Launch forward = ops(hidden.forward(), Op.Launch.class).get(0);
    assertEquals(List.of("hidden", "drop"), forward.arenaBuffers());
    assertEquals(Optional.of(new RandomKey("drop", 1)), forward.key());
    assertEquals(Operand.activations("drop"), ops(plan.blocks().get(1).forward(), Op.MatMul.class).get(0).left());
    // Backward redraws the mask in the dense layer's kernel; the first layer computes no dX.
    assertEquals(1, ops(hidden.backward(), Op.Launch.class).size());
    assertTrue(ops(hidden.backward(), Op.MatMul.class).stream().noneMatch(m -> m.form() == Op.MatMul.Form.INPUT_GRADIENT),
        "the first layer needs no input gradient");
    assertEquals(3, plan.layers().size());
  }

  @Test
  void dropoutAfterSoftmaxIsItsOwnBlockAndRunsInPlaceBackward() {
    NetworkPlan plan = plan(Loss.MEAN_SQUARED_ERROR, 4, DenseSpec.of("soft", 5, Activation.SOFTMAX),
        DropoutSpec.of("drop", 0.2), DenseSpec.of("out", 2, Activation.IDENTITY));
    assertEquals(3, plan.blocks().size());
    LoweredBlock drop = plan.blocks().get(1);
    assertEquals(drop.outputGradient(), plan.blocks().get(0).outputGradient());
    Op.MatMul inputGradient = ops(plan.blocks().get(2).backward(), Op.MatMul.class).stream()
        .filter(m -> m.form() == Op.MatMul.Form.INPUT_GRADIENT).findFirst().orElseThrow();
    assertEquals(Operand.activations(drop.outputGradient().orElseThrow()), inputGradient.result());
  }

  @Test
  void leadingDropoutHasNoBackward() {
    NetworkPlan plan = plan(Loss.MEAN_SQUARED_ERROR, 4, DropoutSpec.of("drop", 0.2), DenseSpec.of("out", 2, Activation.IDENTITY));
    assertTrue(plan.blocks().get(0).outputGradient().isEmpty());
    assertTrue(plan.blocks().get(0).backward().isEmpty());
    assertEquals(List.of(Op.MatMul.Form.WEIGHT_GRADIENT),
        ops(plan.blocks().get(1).backward(), Op.MatMul.class).stream().map(Op.MatMul::form).toList());
    // The dropout's kernel reads the input, so useInput must copy it into the arena.
    assertTrue(plan.inputReadByKernel());
  }

  @Test
  void softmaxBeforeSoftmaxCrossEntropyIsFolded() {
    NetworkPlan plan = plan(Loss.SOFTMAX_CROSS_ENTROPY, 4, DenseSpec.of("out", 3, Activation.SOFTMAX));
    assertTrue(plan.lossStep().probabilities());
    assertTrue(ops(plan.blocks().get(0).backward(), Op.SoftmaxBackward.class).isEmpty());
    NetworkPlan mse = plan(Loss.MEAN_SQUARED_ERROR, 4, DenseSpec.of("out", 3, Activation.SOFTMAX));
    assertFalse(mse.lossStep().probabilities());
    assertEquals(List.of(new Op.SoftmaxBackward("out", "dOut", 3)), ops(mse.blocks().get(0).backward(), Op.SoftmaxBackward.class));
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
    assertEquals(plan.buffer("dD").offset(), plan.buffer("dB").offset());
    // Forward outputs, input, labels and the gradient being consumed are all distinct.
    List<Buffer> distinct = new ArrayList<>(List.of(plan.input(), plan.labels()));
    plan.blocks().forEach(block -> distinct.add(plan.buffer(block.finalOutput())));
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

  /**
   * A batch norm on a (3, 4, 4) convolution output keeps one value per channel: parameters and
   * state of [3], sums of [3] after column sums of the 48 cells, a kernel adding each channel's
   * 16 cells in every reduction (the input's, the squares', and backward's two), and no refusal
   * of a batch of one. The summary row has 2 * 3 parameters and 9 FLOPs per element, 432; the
   * state is 3 + 3 + 1 non-trainable values.
   */
  @Test
  void batchNormOnAnImageKeepsOneValuePerChannel() {
    NetworkPlan plan = plan(Loss.SOFTMAX_CROSS_ENTROPY, Shape.of(2, 6, 6),
        Conv2DSpec.of("conv", 3, 3, Padding.VALID, Activation.IDENTITY), BatchNormSpec.of("bn"),
        ActivationSpec.of("relu", Activation.RELU), new FlattenSpec("flat", Origin.NONE),
        DenseSpec.of("logits", 3, Activation.IDENTITY));
    assertEquals(List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias", "logits.weight", "logits.bias",
        "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"),
        plan.parameters().stream().map(ParameterSlot::name).toList());
    for (ParameterSlot slot : plan.parameters().subList(2, 4)) {
      assertEquals(Shape.of(3), slot.shape(), slot.name());
    }
    assertEquals(List.of(Shape.of(3), Shape.of(3), Shape.of()),
        plan.parameters().subList(6, 9).stream().map(ParameterSlot::shape).toList());

    LoweredBlock bn = plan.blocks().get(1);
    Op.ByMode modes = ops(bn.forward(), Op.ByMode.class).get(0);
    assertTrue(ops(modes.training(), Op.RequireBatchStatistics.class).isEmpty(), "an image trains on a batch of one");
    List<Op> reductions = new ArrayList<>(modes.training());
    reductions.addAll(bn.backward());
    List<Op.SumRows> sums = ops(reductions, Op.SumRows.class);
    assertEquals(4, sums.size());
    assertTrue(sums.stream().allMatch(s -> s.columns() == 48 && s.target().equals(Operand.activations("bnCellSums"))),
        sums.toString());
    List<String> channelSums = ops(reductions, Op.BatchLaunch.class).stream().map(Op.BatchLaunch::kernel)
        .filter(k -> k.columns() == 3 && k.buffers().get(0).region().equals("bnCellSums"))
        .map(KernelPlan::name).toList();
    assertEquals(List.of("bn_sumChannels_kernel", "bn_sumSquares_kernel", "bn_sumGradients_kernel",
        "bn_sumProducts_kernel"),
        channelSums);

    String table = SummaryTable.render(plan);
    assertTrue(table.contains("bn      BatchNorm   (3, 4, 4)           6    432"), table);
    assertTrue(table.contains("Non-trainable params: 7\n"), table);
  }

  /**
   * State slots (batch norm's statistics, when that layer kind lands) are counted as
   * non-trainable, emitted as {@code Parameter.state} in their dtype, and must follow every
   * trainable parameter. One dense layer 4 -> 2 has 10 parameters, by hand.
   */
  @Test
  void stateSlotsAreNonTrainableEmittedInTheirDtypeAndFollowTheParameters() {
    NetworkPlan plan = plan(Loss.MEAN_SQUARED_ERROR, 4, DenseSpec.of("out", 2, Activation.IDENTITY));
    List<ParameterSlot> slots = new ArrayList<>(plan.parameters());
    slots.add(new ParameterSlot("norm.num_batches_tracked", Shape.of(), 10, false, false, "I64"));
    NetworkPlan withState = withParameters(plan, slots);
    String table = SummaryTable.render(withState);
    assertTrue(table.contains("Total params: 11\nTrainable params: 10\nNon-trainable params: 1\n"), table);
    String java = hypercolumn.processor.emit.java.NetworkWriter.write(withState).toString();
    assertTrue(java.contains("Parameter.state(\"norm.num_batches_tracked\", new int[] {}, "), java);
    assertTrue(java.contains("TensorDtype.I64)"), java);

    List<ParameterSlot> misplaced = new ArrayList<>(slots);
    misplaced.add(0, misplaced.remove(misplaced.size() - 1));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> withParameters(plan, misplaced));
    assertTrue(e.getMessage().contains("follows a state tensor"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ParameterSlot("out.weight", Shape.of(2, 4), 0, true, true, "I64"));
  }

  private static NetworkPlan withParameters(NetworkPlan plan, List<ParameterSlot> parameters) {
    return new NetworkPlan(plan.packageName(), plan.className(), plan.simpleName(), plan.generatedName(),
        plan.isPublic(), plan.inputShape(), plan.outputShape(), plan.labelSize(), plan.layers(),
        parameters, plan.blocks(), plan.buffers(), plan.inputBuffer(), plan.lossStep(), plan.arenaWidth());
  }
}
