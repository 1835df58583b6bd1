package hypercolumn.runtime.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.train.LinearModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A weight file larger than the writer's 64 KiB chunk, read back byte by byte: the file is the
 * 8-byte header length, the JSON header padded with spaces to a multiple of 8 (as the reference
 * writer pads it), then every parameter as little-endian F32 in order. The oracle is the format
 * and the values the test put in.
 */
class WeightsLargeFileTest {
  @TempDir Path dir;

  @Test
  void aFileOfManyChunksHoldsEveryParameterInOrderAfterAnAlignedHeader() throws IOException {
    try (CpuDevice device = new CpuDevice(1)) {
      LinearModel model = new LinearModel("Wide", device, Loss.MEAN_SQUARED_ERROR, 200, 100);
      int count = model.parameterCount(); // 20,100 floats: 80,400 bytes, more than one chunk
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = i * 0.5f - 3;
      }
      device.upload(values, 0, model.parameterBuffer(), 0, count);
      Path file = dir.resolve("wide.safetensors");
      Weights.save(model, file);

      byte[] bytes = Files.readAllBytes(file);
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      long headerLength = b.getLong(0);
      String header = new String(bytes, 8, (int) headerLength, UTF_8);
      int json = header.stripTrailing().length();
      assertEquals(0, headerLength % 8, "header length " + headerLength);
      assertTrue(headerLength - json < 8, "padding of " + (headerLength - json) + " bytes");
      assertEquals(8 + headerLength + 4L * count, bytes.length);
      for (int i = 0; i < count; i++) {
        assertEquals(values[i], b.getFloat((int) (8 + headerLength) + 4 * i), "float " + i);
      }

      device.upload(new float[count], 0, model.parameterBuffer(), 0, count);
      Weights.load(model, file);
      float[] loaded = new float[count];
      device.download(model.parameterBuffer(), 0, loaded, 0, count);
      assertArrayEquals(values, loaded);
    }
  }
}
