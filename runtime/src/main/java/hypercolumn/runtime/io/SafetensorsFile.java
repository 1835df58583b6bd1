package hypercolumn.runtime.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated safetensors file: an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the tensors' bytes. {@link #open} checks the
 * whole layout before anything is read, as the reference implementation does: the header fits
 * the file, the JSON is well formed, every entry is complete, and the byte ranges are contiguous
 * from 0, match dtype size times shape and end exactly at the end of the file.
 */
final class SafetensorsFile {
  /** The reference implementation refuses headers above 100 MB. */
  static final long MAX_HEADER = 100_000_000;

  /** 2^24: every integer up to it, and none much beyond, is exact in float32. */
  static final long MAX_EXACT_INTEGER = 1L << 24;

  /** One tensor of the file; {@code begin} and {@code end} are relative to the data section. */
  record Entry(String name, Dtype dtype, int[] shape, long begin, long end) {
    long elements() {
      long n = 1;
      for (int d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }
  }

  private final Path path;
  private final long dataStart;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;

  private SafetensorsFile(Path path, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
    this.path = path;
    this.dataStart = dataStart;
    this.entries = entries;
    this.metadata = metadata;
  }

  /** Tensors by name, in header order. */
  Map<String, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** The {@code __metadata__} strings, empty if there are none. */
  Map<String, String> metadata() {
    return Collections.unmodifiableMap(metadata);
  }

  static SafetensorsFile open(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      if (fileSize < 8) {
        throw corrupt(path, "expected at least 8 bytes (the header length), found " + fileSize);
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0, path);
      long headerLength = lengthBytes.getLong(0);
      if (headerLength < 2 || headerLength > fileSize - 8 || headerLength > MAX_HEADER) {
        throw corrupt(
            path,
            "bytes 0-7 give a header length of " + Long.toUnsignedString(headerLength)
                + ", expected 2 to " + Math.min(fileSize - 8, MAX_HEADER) + " (the file has "
                + fileSize + " bytes); not a safetensors file, or a truncated one");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8, path);
      String header = decodeUtf8(headerBytes.array(), path);
      Object json;
      try {
        json = Json.parse(header);
      } catch (Json.SyntaxException e) {
        long bytePos = 8 + header.substring(0, e.position()).getBytes(UTF_8).length;
        throw corrupt(path, "malformed JSON header: " + e.getMessage() + " (file byte " + bytePos + ")");
      }
      if (!(json instanceof Map<?, ?> top)) {
        throw corrupt(path, "expected the JSON header to be an object, found " + describe(json));
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Entry> list = new ArrayList<>();
      for (Map.Entry<?, ?> e : top.entrySet()) {
        String name = (String) e.getKey();
        if (name.equals("__metadata__")) {
          readMetadata(e.getValue(), metadata, path);
        } else {
          list.add(entry(name, e.getValue(), path));
        }
      }
      checkLayout(list, fileSize - 8 - headerLength, path);
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (Entry entry : list) {
        entries.put(entry.name(), entry);
      }
      return new SafetensorsFile(path, 8 + headerLength, entries, metadata);
    }
  }

  /**
   * The tensor's elements converted to float32: F32, F64, F16 and BF16 as floats, I64 as whole
   * numbers, which float32 holds exactly up to 2^24.
   */
  float[] readFloats(Entry entry) throws IOException {
    if (!entry.dtype().convertsToFloat() && entry.dtype() != Dtype.I64) {
      throw new IOException(
          path + ": tensor '" + entry.name() + "' has unsupported dtype " + entry.dtype()
              + "; expected F32 (F64, F16 and BF16 are converted) or I64");
    }
    int n = (int) entry.elements();
    ByteBuffer bytes = ByteBuffer.allocate((int) (entry.end() - entry.begin())).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      readFully(channel, bytes, dataStart + entry.begin(), path);
    }
    bytes.rewind();
    float[] values = new float[n];
    switch (entry.dtype()) {
      case F32 -> bytes.asFloatBuffer().get(values);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          values[i] = (float) bytes.getDouble(8 * i);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          values[i] = halfToFloat(bytes.getShort(2 * i));
        }
      }
      case I64 -> {
        for (int i = 0; i < n; i++) {
          long value = bytes.getLong(8 * i);
          if (Math.abs(value) > MAX_EXACT_INTEGER) {
            throw new IOException(path + ": tensor '" + entry.name() + "' holds " + value
                + " at index " + i + ", beyond the " + MAX_EXACT_INTEGER
                + " that a float32 on the device holds exactly");
          }
          values[i] = value;
        }
      }
      default -> { // BF16 is the top half of a float32
        for (int i = 0; i < n; i++) {
          values[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xFFFF) << 16);
        }
      }
    }
    return values;
  }

  /** IEEE 754 half precision to single, subnormals, infinities and NaN included. */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1.0p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  private static void readMetadata(Object value, Map<String, String> metadata, Path path) throws IOException {
    if (!(value instanceof Map<?, ?> map)) {
      throw corrupt(path, "expected __metadata__ to be an object of strings, found " + describe(value));
    }
    for (Map.Entry<?, ?> m : map.entrySet()) {
      if (!(m.getValue() instanceof String s)) {
        throw corrupt(
            path, "expected __metadata__ value '" + m.getKey() + "' to be a string, found " + describe(m.getValue()));
      }
      metadata.put((String) m.getKey(), s);
    }
  }

  private static Entry entry(String name, Object value, Path path) throws IOException {
    if (!(value instanceof Map<?, ?> map)) {
      throw corrupt(path, "tensor '" + name + "': expected an object, found " + describe(value));
    }
    for (Object key : map.keySet()) {
      if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
        throw corrupt(
            path, "tensor '" + name + "': unexpected key '" + key + "', expected only dtype, shape and data_offsets");
      }
    }
    if (!(map.get("dtype") instanceof String dtypeName)) {
      throw corrupt(path, "tensor '" + name + "': expected a string dtype, found " + describe(map.get("dtype")));
    }
    Dtype dtype = Dtype.parse(dtypeName);
    if (dtype == null) {
      throw corrupt(
          path, "tensor '" + name + "': unknown dtype " + Json.quote(dtypeName) + ", expected one of "
              + Arrays.toString(Dtype.values()));
    }
    long[] shape = integers(map.get("shape"), -1, name, "shape", Integer.MAX_VALUE, path);
    long[] offsets = integers(map.get("data_offsets"), 2, name, "data_offsets", Long.MAX_VALUE / 2, path);
    int[] intShape = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      intShape[i] = (int) shape[i];
    }
    return new Entry(name, dtype, intShape, offsets[0], offsets[1]);
  }

  private static long[] integers(Object value, int count, String name, String key, long max, Path path)
      throws IOException {
    if (!(value instanceof List<?> list) || (count >= 0 && list.size() != count)) {
      throw corrupt(
          path, "tensor '" + name + "': expected " + key + " to be an array of "
              + (count >= 0 ? count + " " : "") + "non-negative integers, found " + describe(value));
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = list.get(i);
      long n;
      try {
        n = ((BigDecimal) v).longValueExact();
      } catch (ClassCastException | ArithmeticException e) {
        n = -1;
      }
      if (n < 0 || n > max) {
        throw corrupt(
            path, "tensor '" + name + "': " + key + "[" + i + "] must be an integer in [0, " + max
                + "], found " + describe(v));
      }
      out[i] = n;
    }
    return out;
  }

  /** Byte ranges contiguous from 0, sized by dtype and shape, ending at the end of the file. */
  private static void checkLayout(List<Entry> list, long dataSize, Path path) throws IOException {
    List<Entry> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expectedBegin = 0;
    for (Entry e : sorted) {
      if (e.begin() != expectedBegin) {
        throw corrupt(
            path, "tensor '" + e.name() + "': data_offsets [" + e.begin() + ", " + e.end() + "] "
                + (e.begin() < expectedBegin ? "overlap the previous tensor" : "leave a gap")
                + "; expected it to begin at " + expectedBegin);
      }
      long bytes;
      try {
        bytes = Math.multiplyExact(e.dtype().size, e.elements());
      } catch (ArithmeticException overflow) {
        throw corrupt(path, "tensor '" + e.name() + "': shape " + Arrays.toString(e.shape()) + " is too large");
      }
      if (e.end() - e.begin() != bytes) {
        throw corrupt(
            path, "tensor '" + e.name() + "': " + e.dtype() + " of shape " + Arrays.toString(e.shape())
                + " needs " + bytes + " bytes, but data_offsets [" + e.begin() + ", " + e.end()
                + "] span " + (e.end() - e.begin()));
      }
      expectedBegin = e.end();
    }
    if (expectedBegin != dataSize) {
      throw corrupt(
          path, "the tensors cover " + expectedBegin + " data bytes, but the file holds " + dataSize
              + " after the header" + (dataSize < expectedBegin ? " (truncated file?)" : " (trailing bytes?)"));
    }
  }

  private static String decodeUtf8(byte[] bytes, Path path) throws IOException {
    try {
      return UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw corrupt(path, "expected the header to be UTF-8 JSON, found invalid UTF-8");
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path path) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw corrupt(path, "unexpected end of file at byte " + at);
      }
      at += n;
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return Json.quote(s);
    }
    if (value instanceof Map) {
      return "an object";
    }
    return value.toString();
  }

  static IOException corrupt(Path path, String message) {
    return new IOException("corrupt safetensors file " + path + ": " + message);
  }
}
