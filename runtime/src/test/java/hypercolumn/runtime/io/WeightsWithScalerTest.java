package hypercolumn.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.StandardScaler;
import hypercolumn.runtime.train.LinearModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scaler saved with the weights: the metadata strings written are checked as text (means 2 and
 * 30, standard deviations sqrt(2/3) and sqrt(1400/3) by hand), and read back bit for bit.
 */
class WeightsWithScalerTest {
  @TempDir Path dir;
  private final Device device = new CpuDevice(1);

  @AfterEach
  void close() {
    device.close();
  }

  private static final Dataset TWO_FEATURES =
      Dataset.of(new float[][] {{1, 10}, {2, 20}, {3, 60}}, new int[] {0, 1, 0});

  @Test
  void theScalerTravelsInTheMetadataAndTheWeightsStillLoad() throws IOException {
    LinearModel model = new LinearModel("Net", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 2);
    model.initialize(3);
    StandardScaler scaler = StandardScaler.fit(TWO_FEATURES);
    Path file = dir.resolve("net.safetensors");
    Weights.save(model, file, scaler);

    Map<String, String> metadata = SafetensorsFile.open(file).metadata();
    assertEquals("standard", metadata.get("hypercolumn.scaler"));
    assertEquals("2.0,30.0", metadata.get("hypercolumn.scaler.mean"));
    assertEquals((float) Math.sqrt(2.0 / 3) + "," + (float) Math.sqrt(1400.0 / 3),
        metadata.get("hypercolumn.scaler.std"));
    assertEquals("Net", metadata.get("network"));

    StandardScaler back = (StandardScaler) Weights.readScaler(file).orElseThrow();
    assertArrayEquals(scaler.mean(), back.mean());
    assertArrayEquals(scaler.std(), back.std());

    LinearModel reloaded = new LinearModel("Net", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 2);
    reloaded.initialize(99);
    Weights.load(reloaded, file);
    float[] expected = new float[model.parameterCount()];
    float[] actual = new float[model.parameterCount()];
    device.download(model.parameterBuffer(), 0, expected, 0, expected.length);
    device.download(reloaded.parameterBuffer(), 0, actual, 0, actual.length);
    assertArrayEquals(expected, actual);
  }

  @Test
  void aFileSavedWithoutAScalerHasNone() throws IOException {
    LinearModel model = new LinearModel("Net", device, Loss.SOFTMAX_CROSS_ENTROPY, 2, 2);
    Path file = dir.resolve("plain.safetensors");
    Weights.save(model, file);
    assertTrue(Weights.readScaler(file).isEmpty());
  }

  @Test
  void aScalerOfAnotherWidthThanTheModelIsRejected() {
    LinearModel model = new LinearModel("Net", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Weights.save(model, dir.resolve("x.safetensors"), StandardScaler.fit(TWO_FEATURES)));
    assertEquals("the scaler was fitted on 2 features per sample, but network Net takes 3", e.getMessage());
  }
}
