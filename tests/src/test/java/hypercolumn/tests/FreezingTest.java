package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Regularization;
import hypercolumn.runtime.train.RmsProp;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.runtime.train.Trainer;
import hypercolumn.testing.Tolerance;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frozen layers ({@link Trainer#freeze}). Oracle: PyTorch, which the fixture runs with {@code
 * requires_grad_(False)} on the frozen layers' parameters, a few {@code torch.optim.Adam} steps
 * on one batch and an L2 penalty on the trained weights only ({@code make_torch_fixtures.py},
 * {@code FROZEN}); and, for the frozen parameters themselves, their initial values, which must
 * survive bit for bit under every optimizer.
 */
class FreezingTest {
  /** float32 on both sides from the same floats, as the optimizer goldens. */
  private static final double TOLERANCE = 2e-6;

  static Stream<Arguments> casesOnDevices() {
    return Stream.of("first", "middle", "last")
        .flatMap(c -> TestDevices.all().map(d -> Arguments.of(c, d)));
  }

  @ParameterizedTest(name = "{0} layer frozen, {1}")
  @MethodSource("casesOnDevices")
  void adamWithL2AndFrozenLayersMatchesPyTorch(String frozenCase, TestDevices kind) {
    Goldens.Golden golden = Goldens.named("tanh_relu_ce");
    Safetensors expected = golden.expected();
    String[] frozen = expected.metadataString("freeze." + frozenCase + ".layers").split(",");
    int steps = (int) expected.metadataFloat("freeze_steps");
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      Dataset data = Dataset.of(expected.get("x"), model.inputShape(), expected.get("y"), model.labelSize());
      History history = Trainer.of(model)
          .optimizer(Adam.lr(expected.metadataFloat("freeze.lr"))
              .betas(expected.metadataFloat("freeze.beta1"), expected.metadataFloat("freeze.beta2"))
              .eps(expected.metadataFloat("freeze.eps")))
          .regularization(Regularization.l2(expected.metadataFloat("freeze.l2")))
          .freeze(frozen)
          .batchSize(Goldens.batch(expected)).epochs(steps).quiet().fit(data);
      String what = "Adam with " + Arrays.toString(frozen) + " frozen";
      Tolerance.assertWithin(what + ": penalized loss of each step",
          toDouble(expected.get("freeze." + frozenCase + ".loss")), history.loss(), TOLERANCE);
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(what + ": " + p.name() + " after " + steps + " steps",
            expected.get("freeze." + frozenCase + ".after." + p.name()),
            Models.parameterValues(model, p.name()), TOLERANCE);
      }
    }
  }

  static Stream<Arguments> optimizersOnDevices() {
    List<Supplier<Optimizer>> optimizers = List.of(
        () -> Sgd.lr(0.1f),
        () -> Sgd.lr(0.1f).momentum(0.9f),
        () -> Sgd.lr(0.1f).momentum(0.9f).nesterov(),
        () -> RmsProp.lr(0.01f),
        () -> RmsProp.lr(0.01f).momentum(0.9f),
        () -> Adam.lr(0.05f));
    return optimizers.stream().flatMap(o -> TestDevices.all().map(d -> Arguments.of(o, d)));
  }

  /**
   * The middle layer is frozen: the optimizer's one pass runs over it, so this shows that a
   * gradient hidden from a rule leaves the parameter, and so the rule's state for it, exactly
   * where it was; the L1 penalty would move every weight it reached.
   */
  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("optimizersOnDevices")
  void frozenWeightsStayBitForBitUnderEveryOptimizer(Supplier<Optimizer> optimizer, TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = new TanhReluCeNet(device);
      model.initialize(7);
      float[] before = Models.all(model, model.parameterBuffer());
      Trainer.of(model).optimizer(optimizer.get()).regularization(Regularization.l1l2(0.01f, 0.01f))
          .freeze("hidden2").batchSize(4).epochs(3).seed(3).quiet().fit(samples(model, 16, 5));
      String what = optimizer.get().describe() + " with hidden2 frozen";
      for (Parameter p : model.parameters()) {
        float[] initial = Arrays.copyOfRange(before, p.offset(), p.offset() + p.size());
        float[] after = Models.parameterValues(model, p.name());
        if (p.layer().equals("hidden2")) {
          assertArrayEquals(bits(initial), bits(after), what + ": " + p.name() + " moved");
        } else if (p.name().endsWith(".weight")) {
          assertFalse(Arrays.equals(initial, after), what + ": " + p.name() + " did not train");
        }
      }
    }
  }

  /**
   * After {@link Trainer#unfreeze} a fit trains the layer as a fit that never froze it does,
   * from the same weights, bit for bit: no state is left over from the frozen fit. The frozen
   * fit itself is checked against the initial values.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void unfreezingTrainsTheLayerAgainAsIfItHadNeverBeenFrozen(TestDevices kind) {
    try (Device device = kind.open()) {
      Dataset data = samples(new TanhReluCeNet(device), 12, 9);
      Model model = new TanhReluCeNet(device);
      model.initialize(5);
      float[] initialHidden1 = Models.parameterValues(model, "hidden1.weight");
      Trainer trainer = Trainer.of(model).optimizer(Adam.lr(0.05f)).batchSize(4).epochs(2).quiet();
      trainer.freeze("hidden1").fit(data);
      assertArrayEquals(bits(initialHidden1), bits(Models.parameterValues(model, "hidden1.weight")),
          "hidden1 moved while frozen");
      float[] afterFrozenFit = Models.all(model, model.parameterBuffer());
      trainer.unfreeze("hidden1").fit(data);

      Model fresh = new TanhReluCeNet(device);
      Models.setAll(fresh, afterFrozenFit);
      Trainer.of(fresh).optimizer(Adam.lr(0.05f)).batchSize(4).epochs(2).quiet().fit(data);
      assertFalse(Arrays.equals(afterFrozenFit, Models.all(model, model.parameterBuffer())), "nothing trained");
      assertArrayEquals(bits(Models.all(fresh, fresh.parameterBuffer())),
          bits(Models.all(model, model.parameterBuffer())), "the unfrozen fit differs from a fit never frozen");
    }
  }

  /** Counts worked out by hand: hidden1 4 * 8 + 8, hidden2 8 * 6 + 6, logits 6 * 3 + 3. */
  @Test
  void summaryCountsFrozenLayersAsNonTrainable() {
    try (Device device = TestDevices.CPU.open()) {
      Model model = new TanhReluCeNet(device);
      assertTrue(model.summary().contains("Total params: 115\nTrainable params: 115\nNon-trainable params: 0\n"),
          model.summary());
      String frozen = Trainer.of(model).freeze("hidden1", "logits").summary();
      assertTrue(frozen.contains("Total params: 115\nTrainable params: 54\nNon-trainable params: 61\n"), frozen);
      assertEquals(model.summary().lines().count(), frozen.lines().count(), frozen);
    }
  }

  @Test
  void freezingAnUnknownLayerListsTheLayers() {
    try (Device device = TestDevices.CPU.open()) {
      Trainer trainer = Trainer.of(new TanhReluCeNet(device));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.freeze("hiden1"));
      assertEquals("network TanhReluCe has no layer 'hiden1'; its layers are hidden1, hidden2, logits",
          e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> trainer.unfreeze("output"));
      assertEquals(List.of(), trainer.frozenLayers());
    }
  }

  private static Dataset samples(Model model, int count, long seed) {
    RandomBatch batch = RandomBatch.of(model, count, seed);
    return Dataset.of(batch.x(), model.inputShape(), batch.y(), model.labelSize());
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
