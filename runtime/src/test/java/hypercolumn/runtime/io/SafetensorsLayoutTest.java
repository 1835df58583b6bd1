package hypercolumn.runtime.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds of a safetensors file's layout checks, on files written byte by byte here: the
 * smallest valid file, header lengths at and past the end of the file, the largest dimension
 * the format allows, tensors listed out of data order, and the numbers the error messages give.
 * The oracle is the format (8-byte little-endian header length, JSON header, contiguous data),
 * with every expected byte count worked out by hand.
 */
class SafetensorsLayoutTest {
  @TempDir Path dir;

  /** The header length exactly as given (no padding), the header, then the data. */
  private Path file(long headerLength, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength).put(json).put(data);
    Path f = dir.resolve("t.safetensors");
    Files.write(f, b.array());
    return f;
  }

  private Path file(String header, byte[] data) throws IOException {
    return file(header.getBytes(UTF_8).length, header, data);
  }

  private static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  private static String rejection(Path f) {
    return assertThrows(IOException.class, () -> SafetensorsFile.open(f)).getMessage();
  }

  @Test
  void aTwoByteHeaderThatFillsTheFileIsAValidEmptyFile() throws IOException {
    SafetensorsFile f = SafetensorsFile.open(file("{}", new byte[0]));
    assertEquals(0, f.entries().size());
    assertEquals(0, f.metadata().size());
  }

  @Test
  void eightBytesAreReadAsAHeaderLength() throws IOException {
    String message = rejection(file(0, "", new byte[0]));
    assertTrue(message.contains("bytes 0-7 give a header length of 0, expected 2 to 0"), message);
    Path seven = dir.resolve("seven.safetensors");
    Files.write(seven, new byte[7]);
    String tooShort = rejection(seven);
    assertTrue(tooShort.contains("expected at least 8 bytes (the header length), found 7"), tooShort);
  }

  @Test
  void aHeaderLengthPastTheEndOfTheFileIsRefusedBeforeReading() throws IOException {
    // 8 + 2 bytes: the header may be 2 bytes at most.
    String message = rejection(file(5, "{}", new byte[0]));
    assertTrue(message.contains("header length of 5, expected 2 to 2 (the file has 10 bytes)"), message);
  }

  @Test
  void tensorsListedOutOfDataOrderAreReadFromTheirOwnOffsets() throws IOException {
    String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    SafetensorsFile f = SafetensorsFile.open(file(header, f32(1.5f, -2.5f)));
    assertEquals(List.of("b", "a"), List.copyOf(f.entries().keySet()));
    assertArrayEquals(new float[] {-2.5f}, f.readFloats(f.entries().get("b")));
    assertArrayEquals(new float[] {1.5f}, f.readFloats(f.entries().get("a")));
  }

  @Test
  void theLargestDimensionIsAcceptedAndThenSizedAgainstItsOffsets() throws IOException {
    // 2^31 - 1 is the largest dimension; as F32 it needs 4 * (2^31 - 1) = 8589934588 bytes.
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647],\"data_offsets\":[0,4]}}";
    String message = rejection(file(header, f32(0)));
    assertTrue(message.contains("needs 8589934588 bytes, but data_offsets [0, 4] span 4"), message);

    String over = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483648],\"data_offsets\":[0,4]}}";
    String overMessage = rejection(file(over, f32(0)));
    assertTrue(overMessage.contains("shape[0] must be an integer in [0, 2147483647]"), overMessage);
  }

  @Test
  void aWronglySizedTensorAfterTheFirstReportsTheSpanOfItsOwnOffsets() throws IOException {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,12]}}";
    String message = rejection(file(header, f32(1, 2, 3)));
    assertTrue(message.contains("tensor 'b': F32 of shape [1] needs 4 bytes, but data_offsets [4, 12] span 8"),
        message);
  }

  @Test
  void aHeaderThatIsNotAnObjectIsDescribedInTheError() throws IOException {
    String string = rejection(file("\"x\"", new byte[0]));
    assertTrue(string.contains("expected the JSON header to be an object, found \"x\""), string);
    String number = rejection(file("12", new byte[0]));
    assertTrue(number.contains("expected the JSON header to be an object, found 12"), number);
    String shape = rejection(file("{\"w\":{\"dtype\":\"F32\",\"shape\":{},\"data_offsets\":[0,0]}}", new byte[0]));
    assertTrue(shape.contains("expected shape to be an array of non-negative integers, found an object"), shape);
  }
}
