package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.TensorDtype;
import hypercolumn.runtime.io.Weights;
import hypercolumn.runtime.train.LinearModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state dict as PyTorch writes it loads: {@code batch_norm_state.safetensors} is {@code
 * safetensors.torch.save_file} of a Linear(3, 2) {@code fc} and a BatchNorm1d(2, affine=False)
 * {@code norm} after three training batches, so {@code norm.num_batches_tracked} is an I64
 * scalar next to F32 tensors. Oracle: the same tensors as float32 in {@code
 * batch_norm_state.expected.safetensors}, read by this module's own reader, and the count 3
 * from the script.
 */
class TorchStateDictTest {
  @TempDir Path dir;

  @Test
  void aPyTorchStateDictWithAnInt64CountLoadsAndSavesBackInTheSameDtypes() throws IOException, URISyntaxException {
    Safetensors expected = Safetensors.fixture("batch_norm_state.expected.safetensors");
    try (Device device = TestDevices.CPU.open()) {
      Model model = LinearModel.withRunningStatistics("Norm", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
      Path torchFile = Path.of(Safetensors.fixtureUrl("batch_norm_state.safetensors").toURI());
      Weights.load(model, torchFile);
      for (Parameter p : model.parameters()) {
        assertArrayEquals(expected.get(p.name()), Models.parameterValues(model, p.name()), p.name());
      }
      assertEquals(TensorDtype.I64, Models.parameter(model, "norm.num_batches_tracked").dtype());
      assertEquals(3f, Models.parameterValues(model, "norm.num_batches_tracked")[0]);

      // Ours, written back, has PyTorch's dtypes and values: the same bytes per tensor.
      Path ours = dir.resolve("ours.safetensors");
      Weights.save(model, ours);
      assertEquals(tensorBytes(Files.readAllBytes(torchFile)), tensorBytes(Files.readAllBytes(ours)));
    }
  }

  /** Each tensor's header entry without its offsets, and its bytes, by name. */
  private static java.util.Map<String, String> tensorBytes(byte[] file) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) in.getLong(0);
    String header = new String(file, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8).replace(" ", "");
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("\"([a-z_.]+)\":\\{\"dtype\":\"(\\w+)\",\"shape\":\\[([0-9,]*)\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}")
        .matcher(header);
    while (m.find()) {
      int begin = 8 + headerLength + Integer.parseInt(m.group(4));
      int end = 8 + headerLength + Integer.parseInt(m.group(5));
      out.put(m.group(1), m.group(2) + " [" + m.group(3) + "] "
          + java.util.HexFormat.of().formatHex(java.util.Arrays.copyOfRange(file, begin, end)));
    }
    return out;
  }
}
