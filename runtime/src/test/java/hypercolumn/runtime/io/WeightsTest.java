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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsTest {
  @TempDir Path dir;
  private final Device device = new CpuDevice(1);

  @AfterEach
  void close() {
    device.close();
  }

  /** fc.weight [2, 3] then fc.bias [2]. */
  private LinearModel model(String name, long seed) {
    LinearModel m = new LinearModel(name, device, Loss.SOFTMAX_CROSS_ENTROPY, 3, 2);
    m.initialize(seed);
    device.upload(new float[] {0.25f, -0.5f}, 0, m.parameterBuffer(), 6, 2);
    return m;
  }

  private static float[] weights(LinearModel m) {
    float[] w = new float[m.parameterCount()];
    m.device().download(m.parameterBuffer(), 0, w, 0, w.length);
    return w;
  }

  /** A safetensors file as the reference writer lays it out: header padded with spaces to 8. */
  static byte[] safetensors(String header, byte[] data) {
    byte[] json = header.getBytes(UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      b.put((byte) ' ');
    }
    return b.put(data).array();
  }

  static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  private Path file(byte[] content) throws IOException {
    Path f = dir.resolve("w.safetensors");
    Files.write(f, content);
    return f;
  }

  private static String tensor(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
  }

  private static final float[] W = {1, 2, 3, 4, 5, 6};
  private static final float[] B = {-1, -2};

  private static byte[] validData() {
    byte[] w = f32(W);
    byte[] b = f32(B);
    byte[] data = Arrays.copyOf(w, 32);
    System.arraycopy(b, 0, data, 24, 8);
    return data;
  }

  /** A corrupt file: both loads must fail with a message containing {@code expected}. */
  private void assertRejected(byte[] content, String expected) throws IOException {
    assertRejected(content, expected, true);
  }

  /** Loading must fail with a message containing {@code expected} and change no weight. */
  private void assertRejected(byte[] content, String expected, boolean corrupt) throws IOException {
    LinearModel m = model("Net", 5);
    float[] before = weights(m);
    Path f = file(content);
    IOException e = assertThrows(IOException.class, () -> Weights.load(m, f));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertArrayEquals(before, weights(m), "weights changed by a failed load");
    if (corrupt) {
      IOException matching = assertThrows(IOException.class, () -> Weights.loadMatching(m, f));
      assertTrue(matching.getMessage().contains(expected), matching.getMessage());
      assertArrayEquals(before, weights(m), "weights changed by a failed loadMatching");
    }
  }

  @Test
  void saveThenLoadIsBitExact() throws IOException {
    LinearModel a = model("Net", 1);
    device.upload(new float[] {Float.MIN_VALUE, -0f}, 0, a.parameterBuffer(), 0, 2);
    Path f = dir.resolve("net.safetensors");
    Weights.save(a, f);
    LinearModel b = model("Net", 2);
    Weights.load(b, f);
    float[] wa = weights(a);
    float[] wb = weights(b);
    for (int i = 0; i < wa.length; i++) {
      assertEquals(Float.floatToRawIntBits(wa[i]), Float.floatToRawIntBits(wb[i]), "element " + i);
    }
    byte[] bytes = Files.readAllBytes(f);
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8);
    assertEquals(8 + headerLength + 4L * a.parameterCount(), bytes.length);
    String header = new String(bytes, 8, (int) headerLength, UTF_8);
    assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\",\"network\":\"Net\"}"), header);
    assertTrue(header.contains(tensor("fc.weight", "F32", "[2,3]", 0, 24)), header);
    assertTrue(header.contains(tensor("fc.bias", "F32", "[2]", 24, 32)), header);
  }

  @Test
  void loadsAFileLaidOutAsSafetensorsTorchWritesIt() throws IOException {
    // save_file sorts by name: fc.bias comes first in the header and in the data.
    String header = "{\"__metadata__\":{\"format\":\"pt\"},"
        + tensor("fc.bias", "F32", "[2]", 0, 8) + "," + tensor("fc.weight", "F32", "[2,3]", 8, 32) + "}";
    byte[] data = new byte[32];
    System.arraycopy(f32(B), 0, data, 0, 8);
    System.arraycopy(f32(W), 0, data, 8, 24);
    byte[] content = safetensors(header, data);
    assertEquals(0, (content.length - 32 - 8) % 8);
    LinearModel m = model("Net", 3);
    Weights.load(m, file(content));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, -1, -2}, weights(m));
  }

  @Test
  void convertsF64F16AndBf16() throws IOException {
    ByteBuffer w = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : W) {
      w.putDouble(v);
    }
    // F16 1.0 = 0x3c00, -2.0 = 0xc000; BF16 would be the float's top half.
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00).putShort((short) 0xc000);
    byte[] data = new byte[52];
    System.arraycopy(w.array(), 0, data, 0, 48);
    System.arraycopy(b.array(), 0, data, 48, 4);
    String header = "{" + tensor("fc.weight", "F64", "[2,3]", 0, 48) + "," + tensor("fc.bias", "F16", "[2]", 48, 52) + "}";
    LinearModel m = model("Net", 3);
    Weights.load(m, file(safetensors(header, data)));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, -2}, weights(m));

    ByteBuffer bf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) (Float.floatToIntBits(1.5f) >>> 16)).putShort((short) (Float.floatToIntBits(-3f) >>> 16));
    byte[] data2 = Arrays.copyOf(f32(W), 28);
    System.arraycopy(bf.array(), 0, data2, 24, 4);
    String header2 = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.bias", "BF16", "[2]", 24, 28) + "}";
    Weights.load(m, file(safetensors(header2, data2)));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1.5f, -3f}, weights(m));
  }

  @Test
  void halfPrecisionCoversSubnormalsAndSpecials() {
    assertEquals(0x1.0p-24f, SafetensorsFile.halfToFloat((short) 0x0001));
    assertEquals(65504f, SafetensorsFile.halfToFloat((short) 0x7bff));
    assertEquals(Float.NEGATIVE_INFINITY, SafetensorsFile.halfToFloat((short) 0xfc00));
    assertTrue(Float.isNaN(SafetensorsFile.halfToFloat((short) 0x7e00)));
    assertEquals(-0f, SafetensorsFile.halfToFloat((short) 0x8000));
  }

  @Test
  void wrongShapesNameBothShapesAndTheOtherNetwork() throws IOException {
    LinearModel other = new LinearModel("Wide", device, Loss.SOFTMAX_CROSS_ENTROPY, 4, 2);
    Path f = dir.resolve("wide.safetensors");
    Weights.save(other, f);
    LinearModel m = model("Net", 1);
    float[] before = weights(m);
    IOException e = assertThrows(IOException.class, () -> Weights.load(m, f));
    assertTrue(e.getMessage().contains("'fc.weight' has shape [2, 4] in the file, expected [2, 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("This file was written for network Wide"), e.getMessage());
    assertArrayEquals(before, weights(m));
  }

  @Test
  void missingAndUnexpectedTensorsAreListed() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("head.bias", "F32", "[2]", 24, 32) + "}";
    assertRejected(safetensors(header, validData()), "missing fc.bias [2]; unexpected head.bias [2]", false);
  }

  @Test
  void loadMatchingLoadsOnlyTensorsThatFit() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.bias", "F32", "[1]", 24, 28)
        + "," + tensor("other", "F32", "[1]", 28, 32) + "}";
    LinearModel m = model("Net", 1);
    float[] before = weights(m);
    List<String> loaded = Weights.loadMatching(m, file(safetensors(header, validData())));
    assertEquals(List.of("fc.weight"), loaded);
    float[] after = weights(m);
    assertArrayEquals(W, Arrays.copyOf(after, 6));
    assertArrayEquals(Arrays.copyOfRange(before, 6, 8), Arrays.copyOfRange(after, 6, 8), "bias kept");
  }

  @Test
  void unsupportedDtypeOfAModelTensorIsNamed() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.bias", "I32", "[2]", 24, 32) + "}";
    assertRejected(safetensors(header, validData()), "'fc.bias' has dtype I32 in the file, expected F32", false);
  }

  @Test
  void fileShorterThanTheLengthFieldIsRejected() throws IOException {
    assertRejected(new byte[] {1, 2, 3}, "expected at least 8 bytes (the header length), found 3");
  }

  @Test
  void headerLengthBeyondTheFileIsRejected() throws IOException {
    byte[] content = safetensors("{}", new byte[0]);
    ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
    assertRejected(content, "header length of 1000, expected 2 to 8");
  }

  @Test
  void malformedJsonSaysWhereAndWhat() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + " " + tensor("fc.bias", "F32", "[2]", 24, 32) + "}";
    int at = header.indexOf(" \"fc.bias") + 1;
    assertRejected(safetensors(header, validData()), "expected ',' or '}' at character " + at + ", found '\"' (file byte " + (8 + at) + ")");
  }

  @Test
  void headerThatIsNotAnObjectIsRejected() throws IOException {
    assertRejected(safetensors("[1, 2]", new byte[0]), "expected the JSON header to be an object");
  }

  @Test
  void duplicateTensorNamesAreRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.weight", "F32", "[2]", 24, 32) + "}";
    assertRejected(safetensors(header, validData()), "duplicate key \"fc.weight\"");
  }

  @Test
  void missingDataOffsetsAreRejected() throws IOException {
    String header = "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[2,3]}}";
    assertRejected(safetensors(header, f32(W)), "tensor 'fc.weight': expected data_offsets to be an array of 2 non-negative integers, found null");
  }

  @Test
  void unknownDtypeIsRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F33", "[2,3]", 0, 24) + "}";
    assertRejected(safetensors(header, f32(W)), "tensor 'fc.weight': unknown dtype \"F33\"");
  }

  @Test
  void negativeOrFractionalShapeIsRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,-3]", 0, 24) + "}";
    assertRejected(safetensors(header, f32(W)), "shape[1] must be an integer in [0, 2147483647], found -3");
    String fractional = "{" + tensor("fc.weight", "F32", "[2,1.5]", 0, 24) + "}";
    assertRejected(safetensors(fractional, f32(W)), "shape[1] must be an integer");
  }

  @Test
  void offsetsThatDisagreeWithDtypeAndShapeAreRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 20) + "," + tensor("fc.bias", "F32", "[2]", 20, 32) + "}";
    assertRejected(safetensors(header, validData()), "F32 of shape [2, 3] needs 24 bytes, but data_offsets [0, 20] span 20");
  }

  @Test
  void overlappingOffsetsAreRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.bias", "F32", "[2]", 16, 24) + "}";
    assertRejected(safetensors(header, validData()), "data_offsets [16, 24] overlap the previous tensor; expected it to begin at 24");
  }

  @Test
  void gapsBetweenTensorsAreRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.bias", "F32", "[1]", 28, 32) + "}";
    assertRejected(safetensors(header, validData()), "data_offsets [28, 32] leave a gap; expected it to begin at 24");
  }

  @Test
  void truncatedDataIsRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.bias", "F32", "[2]", 24, 32) + "}";
    assertRejected(safetensors(header, Arrays.copyOf(validData(), 30)), "the tensors cover 32 data bytes, but the file holds 30 after the header (truncated file?)");
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    String header = "{" + tensor("fc.weight", "F32", "[2,3]", 0, 24) + "," + tensor("fc.bias", "F32", "[2]", 24, 32) + "}";
    assertRejected(safetensors(header, Arrays.copyOf(validData(), 36)), "the tensors cover 32 data bytes, but the file holds 36 after the header (trailing bytes?)");
  }

  @Test
  void invalidUtf8HeaderIsRejected() throws IOException {
    byte[] content = safetensors("{\"x\":1}", new byte[0]);
    content[10] = (byte) 0xC3; // a lead byte with no continuation
    assertRejected(content, "found invalid UTF-8");
  }

  @Test
  void metadataMustHoldStrings() throws IOException {
    assertRejected(safetensors("{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "__metadata__ value 'epoch' to be a string, found 3");
  }

  @Test
  void aFailedWriteLeavesTheExistingFileIntact() throws IOException {
    Path target = dir.resolve("keep.safetensors");
    Files.write(target, new byte[] {42, 43});
    IOException e = assertThrows(IOException.class, () -> Weights.writeAtomically(target, out -> {
      out.write(new byte[100_000]);
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertArrayEquals(new byte[] {42, 43}, Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void saveReplacesAnExistingFile() throws IOException {
    Path target = dir.resolve("net.safetensors");
    Files.write(target, new byte[] {1});
    LinearModel m = model("Net", 1);
    Weights.save(m, target);
    LinearModel n = model("Net", 9);
    Weights.load(n, target);
    assertArrayEquals(weights(m), weights(n));
  }

  @Test
  void saveIntoAMissingDirectorySaysWhich() {
    Path target = dir.resolve("no/such/dir/net.safetensors");
    IOException e = assertThrows(IOException.class, () -> Weights.save(model("Net", 1), target));
    assertTrue(e.getMessage().contains("directory " + dir.resolve("no/such/dir") + " does not exist"), e.getMessage());
  }
}
