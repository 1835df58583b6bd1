package hypercolumn.tests;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.RmsProp;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.testing.Tolerance;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameters after a few steps of each optimizer on the same batch against PyTorch's
 * ({@code torch.optim} in {@code make_torch_fixtures.py}). The hyperparameters come from the
 * fixture's metadata, where the script recorded them under the case's name. Besides the
 * defaults: Adam with other betas and an eps large enough to matter, RMSprop with momentum
 * (the product has no centered RMSprop), and Nesterov SGD on a second network with other
 * activations and loss.
 */
class OptimizerGoldenTest {
  /** Of the largest magnitude of PyTorch's parameters (at least 1): both sides step in float32 from the same floats. */
  private static final double TOLERANCE = 2e-6;

  static Stream<Arguments> optimizers() {
    return Stream.of(
        optimizer("tanh_relu_ce", "sgd", (f, n) -> Sgd.lr(f.metadataFloat(n + ".lr"))),
        optimizer("tanh_relu_ce", "momentum", OptimizerGoldenTest::momentum),
        optimizer("tanh_relu_ce", "nesterov", OptimizerGoldenTest::nesterov),
        optimizer("tanh_relu_ce", "rmsprop", OptimizerGoldenTest::rmsProp),
        optimizer("tanh_relu_ce", "rmsprop_momentum",
            (f, n) -> rmsProp(f, n).momentum(f.metadataFloat(n + ".momentum"))),
        optimizer("tanh_relu_ce", "adam", OptimizerGoldenTest::adam),
        optimizer("tanh_relu_ce", "adam_betas", OptimizerGoldenTest::adam),
        optimizer("tanh_relu_ce", "adam_eps", OptimizerGoldenTest::adam),
        optimizer("elu_softmax_mse", "nesterov", OptimizerGoldenTest::nesterov));
  }

  private static Sgd momentum(Safetensors f, String name) {
    return Sgd.lr(f.metadataFloat(name + ".lr")).momentum(f.metadataFloat(name + ".momentum"));
  }

  private static Sgd nesterov(Safetensors f, String name) {
    return momentum(f, name).nesterov();
  }

  private static RmsProp rmsProp(Safetensors f, String name) {
    return RmsProp.lr(f.metadataFloat(name + ".lr"))
        .alpha(f.metadataFloat(name + ".alpha")).eps(f.metadataFloat(name + ".eps"));
  }

  private static Adam adam(Safetensors f, String name) {
    return Adam.lr(f.metadataFloat(name + ".lr"))
        .betas(f.metadataFloat(name + ".beta1"), f.metadataFloat(name + ".beta2"))
        .eps(f.metadataFloat(name + ".eps"));
  }

  private static Arguments optimizer(
      String network, String name, BiFunction<Safetensors, String, Optimizer> factory) {
    return Arguments.of(network, name, factory);
  }

  static Stream<Arguments> optimizersOnDevices() {
    return optimizers().flatMap(o -> TestDevices.all().map(d -> Arguments.of(o.get()[0], o.get()[1], o.get()[2], d)));
  }

  @ParameterizedTest(name = "{1} on {0}, {3}")
  @MethodSource("optimizersOnDevices")
  void threeStepsMatchPyTorch(
      String network, String name, BiFunction<Safetensors, String, Optimizer> factory, TestDevices kind) {
    Goldens.Golden golden = Goldens.named(network);
    Safetensors expected = golden.expected();
    int steps = (int) expected.metadataFloat("optimizer_steps");
    try (Device device = kind.open()) {
      Model model = golden.network().apply(device);
      Goldens.loadParameters(model, golden);
      int batch = Goldens.feed(model, expected);
      Optimizer optimizer = factory.apply(expected, name);
      optimizer.attach(device, model.parameterCount());
      for (int step = 0; step < steps; step++) {
        model.forward(batch, true, step);
        model.lossAndGradient(batch);
        model.backward(batch);
        optimizer.step(model.parameterBuffer(), model.gradientBuffer());
      }
      for (Parameter p : model.parameters()) {
        Tolerance.assertWithin(
            network + ", " + optimizer.describe() + ": " + p.name() + " after " + steps + " steps",
            expected.get("after." + name + "." + p.name()), Models.parameterValues(model, p.name()),
            TOLERANCE);
      }
    }
  }
}
