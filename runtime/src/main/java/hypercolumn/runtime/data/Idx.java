package hypercolumn.runtime.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a magic number {@code 00 00 type
 * ndims}, {@code ndims} big-endian int32 dimensions, then the elements, big-endian. A file that
 * starts with the gzip magic {@code 1f 8b} is decompressed first, whatever its name.
 *
 * <p>The reader is strict: the data must be exactly as long as the dimensions say, so a
 * truncated download or a file with trailing bytes is reported rather than half-read.
 */
public final class Idx {
  private Idx() {}

  /**
   * Reads an IDX file, gzip-compressed or plain.
   *
   * @param file the file
   * @return its type, dimensions and elements
   * @throws IOException if the file is missing or unreadable, is not IDX, has an unsupported
   *     element type, or holds more or fewer bytes than its dimensions say
   */
  public static IdxArray read(Path file) throws IOException {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("IDX file not found: " + file.toAbsolutePath(), e);
    }
    return parse(raw, file.toString());
  }

  /**
   * Parses the bytes of an IDX file, gzip-compressed or plain, such as a resource read whole.
   *
   * @param raw the file's bytes
   * @param source what the bytes are, for the messages, for example a file name
   * @return their type, dimensions and elements
   * @throws IOException if the bytes are not IDX, have an unsupported element type, or are more
   *     or fewer than the dimensions say
   */
  public static IdxArray parse(byte[] raw, String source) throws IOException {
    byte[] content = isGzip(raw) ? gunzip(raw, source) : raw;
    if (content.length < 4) {
      throw new IOException(
          source + ": expected an IDX file of at least 4 bytes (magic 00 00 type ndims), found "
              + content.length + " bytes");
    }
    int type = content[2] & 0xFF;
    int ndims = content[3] & 0xFF;
    if (content[0] != 0 || content[1] != 0) {
      throw new IOException(
          source + ": not an IDX file: expected magic 00 00 <type> <ndims>, found "
              + hex(content, 4) + (isGzip(raw) ? " (after gunzip)" : ""));
    }
    int elementSize = elementSize(type);
    if (elementSize == 0) {
      throw new IOException(
          source + ": unsupported IDX element type 0x" + String.format("%02x", type)
              + "; expected 0x08 (ubyte), 0x09 (byte), 0x0b (short), 0x0c (int), 0x0d (float)"
              + " or 0x0e (double)");
    }
    int headerSize = 4 + 4 * ndims;
    if (ndims == 0 || content.length < headerSize) {
      throw new IOException(
          source + ": IDX header declares " + ndims + " dimensions, expected " + headerSize
              + " header bytes, found " + content.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.BIG_ENDIAN);
    int[] dims = new int[ndims];
    long count = 1;
    for (int d = 0; d < ndims; d++) {
      dims[d] = buffer.getInt(4 + 4 * d);
      if (dims[d] < 0) {
        throw new IOException(source + ": dimension " + d + " is negative: " + dims[d]);
      }
      count *= dims[d];
    }
    long expected = count * elementSize;
    long found = content.length - headerSize;
    if (expected != found || count > Integer.MAX_VALUE - 8) {
      throw new IOException(
          source + ": IDX dims " + Arrays.toString(dims) + " of " + elementSize
              + "-byte elements: expected " + expected + " data bytes, found " + found
              + (found < expected ? " (truncated file?)" : " (trailing garbage?)"));
    }
    int n = (int) count;
    if (type == IdxArray.UNSIGNED_BYTE) {
      return new IdxArray(type, dims, Arrays.copyOfRange(content, headerSize, content.length), null);
    }
    float[] values = new float[n];
    buffer.position(headerSize);
    for (int i = 0; i < n; i++) {
      values[i] =
          switch (type) {
            case 0x09 -> buffer.get();
            case 0x0B -> buffer.getShort();
            case 0x0C -> buffer.getInt();
            case 0x0D -> buffer.getFloat();
            default -> (float) buffer.getDouble();
          };
    }
    return new IdxArray(type, dims, null, values);
  }

  static boolean isGzip(byte[] raw) {
    return raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B;
  }

  private static byte[] gunzip(byte[] raw, String source) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IOException(
          source + ": starts with the gzip magic 1f 8b but does not decompress (" + e.getMessage()
              + "); the file is probably truncated",
          e);
    }
  }

  private static int elementSize(int type) {
    return switch (type) {
      case 0x08, 0x09 -> 1;
      case 0x0B -> 2;
      case 0x0C, 0x0D -> 4;
      case 0x0E -> 8;
      default -> 0;
    };
  }

  private static String hex(byte[] bytes, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xFF));
    }
    return s.toString();
  }
}
