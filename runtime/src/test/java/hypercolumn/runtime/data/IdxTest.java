package hypercolumn.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  static byte[] idx(int type, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  @Test
  void readsPlainUnsignedBytes() throws IOException {
    byte[] data = {0, 1, (byte) 200, (byte) 255, 7, 8};
    IdxArray a = Idx.read(write("a.idx", idx(0x08, new int[] {2, 3}, data)));
    assertArrayEquals(new int[] {2, 3}, a.dims());
    assertArrayEquals(new float[] {0, 1, 200, 255, 7, 8}, a.values());
    assertArrayEquals(new int[] {0, 1, 200, 255, 7, 8}, a.intValues());
  }

  @Test
  void gzipIsDetectedByMagicNotByName() throws IOException {
    byte[] data = {3, 4};
    IdxArray a = Idx.read(write("labels.bin", gzip(idx(0x08, new int[] {2}, data))));
    assertArrayEquals(new float[] {3, 4}, a.values());
    // And a plain file named .gz is read as plain.
    IdxArray b = Idx.read(write("plain.gz", idx(0x08, new int[] {2}, data)));
    assertArrayEquals(new float[] {3, 4}, b.values());
  }

  @Test
  void readsBigEndianFloats() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(12).putFloat(1.5f).putFloat(-2f).putFloat(1e-3f);
    IdxArray a = Idx.read(write("f.idx", idx(0x0D, new int[] {3}, data.array())));
    assertEquals(IdxArray.FLOAT, a.type());
    assertArrayEquals(new float[] {1.5f, -2f, 1e-3f}, a.values());
  }

  @Test
  void truncatedFileSaysExpectedAndFoundBytes() throws IOException {
    byte[] full = idx(0x08, new int[] {2, 3}, new byte[6]);
    Path file = write("t.idx", Arrays.copyOf(full, full.length - 2));
    IOException e = assertThrows(IOException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().contains("expected 6 data bytes, found 4"), e.getMessage());
  }

  @Test
  void trailingGarbageIsRejected() throws IOException {
    byte[] full = idx(0x08, new int[] {2}, new byte[3]);
    IOException e = assertThrows(IOException.class, () -> Idx.read(write("g.idx", full)));
    assertTrue(e.getMessage().contains("expected 2 data bytes, found 3"), e.getMessage());
  }

  @Test
  void nonIdxFileNamesExpectedAndFoundMagic() throws IOException {
    Path file = write("x.idx", "hello world".getBytes());
    IOException e = assertThrows(IOException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().contains("expected magic 00 00"), e.getMessage());
    assertTrue(e.getMessage().contains("found 68 65 6c 6c"), e.getMessage());
  }

  @Test
  void unknownTypeIsRejected() throws IOException {
    Path file = write("u.idx", idx(0x42, new int[] {1}, new byte[1]));
    IOException e = assertThrows(IOException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().contains("unsupported IDX element type 0x42"), e.getMessage());
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    byte[] gz = gzip(idx(0x08, new int[] {100}, new byte[100]));
    Path file = write("c.gz", Arrays.copyOf(gz, gz.length / 2));
    IOException e = assertThrows(IOException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
  }

  @Test
  void missingFileSaysWhere() {
    IOException e = assertThrows(IOException.class, () -> Idx.read(dir.resolve("nope.idx")));
    assertTrue(e.getMessage().contains("nope.idx"), e.getMessage());
  }
}
