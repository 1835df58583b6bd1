package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.io.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight files round-trip and are readable by a plain safetensors reader (PyTorch's view). */
class WeightFilesTest {

  @Test
  void savedFileHoldsEveryParameterUnderItsPyTorchName(@TempDir Path dir) throws IOException {
    try (CpuDevice device = new CpuDevice(1)) {
      Model model = new TanhReluCeNet(device);
      model.initialize(9L);
      Path file = dir.resolve("tanh_relu_ce.safetensors");
      Weights.save(model, file);

      Safetensors saved = Safetensors.parse(file.toString(), Files.readAllBytes(file));
      List<String> names = new ArrayList<>();
      for (Parameter p : model.parameters()) {
        names.add(p.name());
        assertArrayEquals(p.shape(), saved.shape(p.name()), p.name() + " shape");
        assertArrayEquals(Models.parameterValues(model, p.name()), saved.get(p.name()), p.name());
      }
      assertEquals(names.stream().sorted().toList(), saved.names().stream().sorted().toList());

      Model other = new TanhReluCeNet(device);
      other.initialize(10L);
      Weights.load(other, file);
      assertArrayEquals(Models.all(model, model.parameterBuffer()), Models.all(other, other.parameterBuffer()));
    }
  }
}
