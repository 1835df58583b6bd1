package hypercolumn.tests;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.RmsProp;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.testing.Tolerance;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameters after three steps of each optimizer on the same batch against PyTorch's. The
 * hyperparameters come from the fixture's metadata, where the script recorded them.
 */
class OptimizerGoldenTest {
  /** Of the largest magnitude of PyTorch's parameters (at least 1); RMSprop needs 2.4e-7 on the CPU. */
  private static final double TOLERANCE = 2e-6;

  static Stream<Arguments> optimizers() {
    return Stream.of(
        optimizer("sgd", f -> Sgd.lr(f.metadataFloat("sgd.lr"))),
        optimizer("momentum", f -> Sgd.lr(f.metadataFloat("momentum.lr")).momentum(f.metadataFloat("momentum.momentum"))),
        optimizer("nesterov", f -> Sgd.lr(f.metadataFloat("nesterov.lr")).momentum(f.metadataFloat("nesterov.momentum")).nesterov()),
        optimizer("rmsprop", f -> RmsProp.lr(f.metadataFloat("rmsprop.lr"))
            .alpha(f.metadataFloat("rmsprop.alpha")).eps(f.metadataFloat("rmsprop.eps"))),
        optimizer("adam", f -> Adam.lr(f.metadataFloat("adam.lr"))
            .betas(f.metadataFloat("adam.beta1"), f.metadataFloat("adam.beta2")).eps(f.metadataFloat("adam.eps"))));
  }

  private static Arguments optimizer(String name, Function<Safetensors, Optimizer> factory) {
    return Arguments.of(name, factory);
  }

  static Stream<Arguments> optimizersOnDevices() {
    return optimizers().flatMap(o -> TestDevices.all().map(d -> Arguments.of(o.get()[0], o.get()[1], d)));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("optimizersOnDevices")
  void threeStepsMatchPyTorch(String name, Function<Safetensors, Optimizer> factory, TestDevices kind) {
    Goldens.Golden golden = Goldens.named("tanh_relu_ce");
    Safetensors expected = golden.expected();
    int steps = (int) expected.metadataFloat("optimizer_steps");
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      int batch = Goldens.feed(model, expected);
      Optimizer optimizer = factory.apply(expected);
      optimizer.attach(device, model.parameterCount());
      for (int step = 0; step < steps; step++) {
        model.forward(batch, true, step);
        model.lossAndGradient(batch);
        model.backward(batch);
        optimizer.step(model.parameterBuffer(), model.gradientBuffer());
      }
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(
            optimizer.describe() + ": " + p.name() + " after " + steps + " steps",
            expected.get("after." + name + "." + p.name()), Models.parameterValues(model, p.name()),
            TOLERANCE);
      }
    }
  }
}
