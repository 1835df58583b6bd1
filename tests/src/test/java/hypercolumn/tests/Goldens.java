package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.io.Weights;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The PyTorch fixtures written by {@code tests/scripts/make_torch_fixtures.py}, each with the
 * generated network it was made for.
 */
final class Goldens {
  private Goldens() {}

  record Golden(String name, Function<Device, Model> network) {
    Safetensors params() {
      return Safetensors.fixture(paramsFile());
    }

    String paramsFile() {
      return name + ".params.safetensors";
    }

    Safetensors expected() {
      return Safetensors.fixture(name + ".expected.safetensors");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Golden> all() {
    return Stream.of(
        new Golden("tanh_relu_ce", TanhReluCeNet::new),
        new Golden("sigmoid_leaky_bce", SigmoidLeakyBceNet::new),
        new Golden("elu_softmax_mse", EluSoftmaxMseNet::new),
        new Golden("no_bias_mse", NoBiasMseNet::new),
        new Golden("softmax_output_ce", SoftmaxOutputCeNet::new),
        new Golden("threshold_unit", ThresholdUnitNet::new));
  }

  static Golden named(String name) {
    return all().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Loads the fixture's parameters with {@link Weights#load}, which proves that a file written
   * the way PyTorch writes safetensors loads directly, after asserting that the model has exactly
   * the fixture's parameter names and shapes (a clearer failure than the loader's).
   */
  static void loadParameters(Model model, Golden golden) {
    Safetensors params = golden.params();
    assertSameParameters(model, params);
    try {
      Weights.load(model, Path.of(Safetensors.fixtureUrl(golden.paramsFile()).toURI()));
    } catch (IOException | URISyntaxException e) {
      throw new AssertionError("loading " + golden.paramsFile() + " failed", e);
    }
    for (String name : params.names()) {
      assertArrayEquals(params.get(name), Models.parameterValues(model, name), name + " after Weights.load");
    }
  }

  static void assertSameParameters(Model model, Safetensors params) {
    TreeMap<String, String> expected = new TreeMap<>();
    for (String name : params.names()) {
      expected.put(name, Arrays.toString(params.shape(name)));
    }
    TreeMap<String, String> actual = new TreeMap<>();
    for (Parameter p : model.parameters()) {
      actual.put(p.name(), Arrays.toString(p.shape()));
    }
    assertEquals(expected, actual, model.name() + ": parameter names and shapes differ from PyTorch's");
  }

  /** Batch size of a fixture: rows of its input. */
  static int batch(Safetensors expected) {
    return expected.shape("x")[0];
  }

  /** Sets the fixture's input and labels on a model with room for them. */
  static int feed(Model model, Safetensors expected) {
    int batch = batch(expected);
    model.reserve(batch);
    model.setInput(expected.get("x"), 0, batch);
    model.setLabels(expected.get("y"), 0, batch);
    return batch;
  }

  /**
   * Trains the fed model for the fixture's {@code optimizer_steps} steps with Adam at the
   * fixture's settings, over its trainable parameters, as the fixture script did; returns the
   * number of steps.
   */
  static int adamSteps(Device device, Model model, int batch, Safetensors expected) {
    int steps = (int) expected.metadataFloat("optimizer_steps");
    Optimizer adam = Adam.lr(expected.metadataFloat("adam.lr"))
        .betas(expected.metadataFloat("adam.beta1"), expected.metadataFloat("adam.beta2"))
        .eps(expected.metadataFloat("adam.eps"));
    adam.attach(device, model.parameters().stream().filter(Parameter::trainable).mapToInt(Parameter::size).sum());
    for (int step = 0; step < steps; step++) {
      model.forward(batch, true, step);
      model.lossAndGradient(batch);
      model.backward(batch);
      adam.step(model.parameterBuffer(), model.gradientBuffer());
    }
    return steps;
  }
}
