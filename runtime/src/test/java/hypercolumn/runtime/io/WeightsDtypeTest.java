package hypercolumn.runtime.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.train.LinearModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tensor in its own dtype: a model with batch norm's state ({@link
 * LinearModel#withRunningStatistics}: fc.weight [2, 3], fc.bias [2], norm.running_mean [2],
 * norm.running_var [2], norm.num_batches_tracked [] as I64). Oracle: the safetensors layout as
 * the format defines it, bytes written and read here by hand, and PyTorch's dtypes.
 */
class WeightsDtypeTest {
  @TempDir Path dir;
  private final Device device = new CpuDevice(1);

  @AfterEach
  void close() {
    device.close();
  }

  private static final float[] VALUES = {1, 2, 3, 4, 5, 6, -1, -2, 0.5f, -0.25f, 2, 3, 7};

  private LinearModel model() {
    LinearModel m = LinearModel.withRunningStatistics("Norm", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
    device.upload(VALUES, 0, m.parameterBuffer(), 0, VALUES.length);
    return m;
  }

  @Test
  void integerStateIsWrittenAsI64AndReadBack() throws IOException {
    Path file = dir.resolve("norm.safetensors");
    Weights.save(model(), file);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) in.getLong(0);
    String header = new String(bytes, 8, headerLength, UTF_8);
    // 12 floats of 4 bytes, then one int64
    assertTrue(header.contains(
        "\"norm.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[48,56]}"), header);
    assertTrue(header.contains(
        "\"norm.running_var\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[40,48]}"), header);
    assertEquals(8 + headerLength + 56, bytes.length);
    assertEquals(7L, in.getLong(8 + headerLength + 48));
    assertEquals(-0.25f, in.getFloat(8 + headerLength + 36));

    LinearModel loaded = LinearModel.withRunningStatistics("Norm", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
    Weights.load(loaded, file);
    assertArrayEquals(VALUES, values(loaded));
  }

  @Test
  void aFloatWhereTheModelHasIntegerStateNamesBothDtypes() throws IOException {
    byte[] data = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN).put(WeightsTest.f32(VALUES)).array();
    String header = "{" + tensors("F32", 52) + "}";
    IOException e = assertRejected(WeightsTest.safetensors(header, data));
    assertTrue(e.getMessage().contains("'norm.num_batches_tracked' has dtype F32 in the file, expected I64"),
        e.getMessage());
  }

  @Test
  void anIntegerWhereTheModelHasAFloatNamesBothDtypes() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    data.put(WeightsTest.f32(VALUES[0], VALUES[1], VALUES[2], VALUES[3], VALUES[4], VALUES[5]));
    data.putLong(-1).putLong(-2); // fc.bias as I64
    data.put(WeightsTest.f32(0.5f, -0.25f, 2, 3)).putLong(7);
    String header = "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
        + "\"fc.bias\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
        + "\"norm.running_mean\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[40,48]},"
        + "\"norm.running_var\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[48,56]},"
        + "\"norm.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[56,64]}}";
    IOException e = assertRejected(WeightsTest.safetensors(header, data.array()));
    assertTrue(e.getMessage().contains("'fc.bias' has dtype I64 in the file, expected F32"), e.getMessage());
  }

  @Test
  void aCountBeyondWhatAFloatHoldsExactlyIsRejected() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
    data.put(WeightsTest.f32(java.util.Arrays.copyOf(VALUES, 12))).putLong((1L << 24) + 1);
    IOException e = assertRejected(WeightsTest.safetensors("{" + tensors("I64", 56) + "}", data.array()));
    assertTrue(e.getMessage().contains("'norm.num_batches_tracked' holds 16777217"), e.getMessage());
  }

  @Test
  void integerStateThatIsNotWholeIsNotSaved() {
    LinearModel m = model();
    device.upload(new float[] {2.5f}, 0, m.parameterBuffer(), 12, 1);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Weights.save(m, dir.resolve("bad.safetensors")));
    assertTrue(e.getMessage().contains("'norm.num_batches_tracked' is I64 but holds 2.5"), e.getMessage());
  }

  @Test
  void loadMatchingSkipsATensorOfAnotherDtype() throws IOException {
    byte[] data = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN).put(WeightsTest.f32(VALUES)).array();
    Path file = dir.resolve("f32count.safetensors");
    Files.write(file, WeightsTest.safetensors("{" + tensors("F32", 52) + "}", data));
    LinearModel m = LinearModel.withRunningStatistics("Norm", device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
    assertEquals(List.of("fc.weight", "fc.bias", "norm.running_mean", "norm.running_var"), Weights.loadMatching(m, file));
    assertEquals(0f, values(m)[12], "the count is left as it was");
  }

  /** The header of the model's five tensors with the count in {@code countDtype}, ending at {@code end}. */
  private static String tensors(String countDtype, int end) {
    return "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
        + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
        + "\"norm.running_mean\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[32,40]},"
        + "\"norm.running_var\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[40,48]},"
        + "\"norm.num_batches_tracked\":{\"dtype\":\"" + countDtype + "\",\"shape\":[],\"data_offsets\":[48," + end + "]}";
  }

  /** Loading fails and leaves every value as it was. */
  private IOException assertRejected(byte[] content) throws IOException {
    LinearModel m = model();
    Path file = dir.resolve("w.safetensors");
    Files.write(file, content);
    IOException e = assertThrows(IOException.class, () -> Weights.load(m, file));
    assertArrayEquals(VALUES, values(m), "no value changed");
    return e;
  }

  private static float[] values(LinearModel m) {
    float[] values = new float[m.parameterCount()];
    m.device().download(m.parameterBuffer(), 0, values, 0, values.length);
    return values;
  }
}
