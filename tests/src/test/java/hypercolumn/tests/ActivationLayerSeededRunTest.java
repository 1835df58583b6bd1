package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.train.Sgd;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Activation layers after identity dense layers fuse into the dense kernels, so a seeded run of
 * {@link TanhReluPairs} is bit for bit one of {@link TanhReluCe}, which writes the activations on
 * the dense layers. Oracle: the fused network's run, whose arithmetic the goldens against PyTorch
 * check; what this adds is that the two declarations compute the same floats.
 */
class ActivationLayerSeededRunTest {
  private static final int STEPS = 5;

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void activationLayersTrainBitForBitAsActivationsOnDenseLayers(TestDevices kind) {
    try (Device device = kind.open()) {
      float[] fused = run(new TanhReluCeNet(device));
      float[] pairs = run(new TanhReluPairsNet(device));
      assertArrayEquals(fused, pairs, "parameters after " + STEPS + " seeded SGD steps");
    }
  }

  private static float[] run(Model model) {
    model.initialize(11L);
    float[] initial = Models.all(model, model.parameterBuffer());
    RandomBatch data = RandomBatch.of(model, 8, 11L);
    data.feed(model);
    Sgd sgd = Sgd.lr(0.1f);
    sgd.attach(model.device(), model.parameterCount());
    for (int step = 0; step < STEPS; step++) {
      model.forward(data.batch(), true, step);
      model.lossAndGradient(data.batch());
      model.backward(data.batch());
      sgd.step(model.parameterBuffer(), model.gradientBuffer());
    }
    float[] after = Models.all(model, model.parameterBuffer());
    assertFalse(Arrays.equals(initial, after), "training moved nothing");
    return after;
  }
}
