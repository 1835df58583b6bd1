package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.io.Weights;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a check but a tool for refactorings that must not change the arithmetic: it trains one
 * network of every layer and loss combination the processor generates for 20 seeded steps on the
 * CPU and writes each one's weights to {@code <dir>/<network>.safetensors}, and the dropout MLP's
 * to {@code <dir>.safetensors}. Run it before and after a change and compare the files byte for
 * byte: {@code mvn verify -pl ... -Dtest=SeededRunSnapshot -Dhypercolumn.seededRun=/tmp/ir-before}.
 */
@EnabledIfSystemProperty(named = "hypercolumn.seededRun", matches = ".+")
class SeededRunSnapshot {

  @Test
  void writesTheWeightsOfTwentySeededStepsOfEveryNetworkKind() throws Exception {
    Path dir = Path.of(System.getProperty("hypercolumn.seededRun"));
    Files.createDirectories(dir);
    try (Device device = new CpuDevice(2)) {
      write(device, DropoutMlpNet::new, dir.resolveSibling(dir.getFileName() + ".safetensors"), false);
      write(device, DropoutMlpNet::new, dir.resolve("DropoutMlp.safetensors"), true);
      write(device, XorMlpNet::new, dir.resolve("XorMlp.safetensors"), false);
      write(device, TanhReluCeNet::new, dir.resolve("TanhReluCe.safetensors"), true);
      write(device, EluSoftmaxMseNet::new, dir.resolve("EluSoftmaxMse.safetensors"), false);
      write(device, SoftmaxOutputCeNet::new, dir.resolve("SoftmaxOutputCe.safetensors"), true);
      write(device, SigmoidLeakyBceNet::new, dir.resolve("SigmoidLeakyBce.safetensors"), false);
      write(device, NoBiasMseNet::new, dir.resolve("NoBiasMse.safetensors"), false);
      write(device, ThresholdUnitNet::new, dir.resolve("ThresholdUnit.safetensors"), false);
      write(device, BareDropoutsNet::new, dir.resolve("BareDropouts.safetensors"), true);
      write(device, DropoutEverywhereNet::new, dir.resolve("DropoutEverywhere.safetensors"), false);
      write(device, DefaultAlphasNet::new, dir.resolve("DefaultAlphas.safetensors"), true);
    }
  }

  private static void write(Device device, Function<Device, Model> network, Path file, boolean adam) throws Exception {
    Model model = network.apply(device);
    long seed = 42L;
    model.initialize(seed);
    RandomBatch data = RandomBatch.of(model, 8, seed);
    data.feed(model);
    Optimizer optimizer = adam ? Adam.lr(0.01f) : Sgd.lr(0.1f).momentum(0.9f);
    optimizer.attach(device, model.parameterCount());
    for (int step = 0; step < 20; step++) {
      model.forward(8, true, Rng.key(seed, 1, step));
      model.lossAndGradient(8);
      model.backward(8);
      optimizer.step(model.parameterBuffer(), model.gradientBuffer());
    }
    Weights.save(model, file);
    assertTrue(Files.size(file) > 0, "no weights written to " + file);
  }
}
