package hypercolumn.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float32 tensors and the metadata of a safetensors file written by the fixture script:
 * an 8-byte little-endian header length, a JSON header, then the raw data. Only what the
 * fixtures use is supported (F32 tensors, string metadata).
 */
final class Safetensors {
  private final Map<String, float[]> tensors = new LinkedHashMap<>();
  private final Map<String, int[]> shapes = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final String source;

  private Safetensors(String source) {
    this.source = source;
  }

  /** Reads {@code fixtures/<file>} from the test class path. */
  static Safetensors fixture(String file) {
    String resource = "/fixtures/" + file;
    try (InputStream in = Safetensors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no fixture " + resource + "; regenerate with tests/scripts/make_torch_fixtures.py");
      }
      return parse(resource, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's location as a URL, for APIs that read files themselves. */
  static URL fixtureUrl(String file) {
    return Safetensors.class.getResource("/fixtures/" + file);
  }

  @SuppressWarnings("unchecked")
  static Safetensors parse(String source, byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = buffer.getLong();
    if (headerLength < 2 || headerLength > bytes.length - 8) {
      throw new IllegalArgumentException(
          source + ": header length " + headerLength + " does not fit a file of " + bytes.length + " bytes");
    }
    String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    Map<String, Object> header = (Map<String, Object>) new Json(json).value();
    Safetensors file = new Safetensors(source);
    int dataStart = 8 + (int) headerLength;
    for (Map.Entry<String, Object> entry : header.entrySet()) {
      Map<String, Object> info = (Map<String, Object>) entry.getValue();
      if (entry.getKey().equals("__metadata__")) {
        info.forEach((k, v) -> file.metadata.put(k, (String) v));
        continue;
      }
      if (!"F32".equals(info.get("dtype"))) {
        throw new IllegalArgumentException(source + ": " + entry.getKey() + " is " + info.get("dtype") + ", expected F32");
      }
      List<Object> shape = (List<Object>) info.get("shape");
      List<Object> offsets = (List<Object>) info.get("data_offsets");
      int begin = ((Number) offsets.get(0)).intValue();
      int end = ((Number) offsets.get(1)).intValue();
      float[] values = new float[(end - begin) / 4];
      buffer.position(dataStart + begin);
      buffer.asFloatBuffer().get(values);
      file.tensors.put(entry.getKey(), values);
      file.shapes.put(entry.getKey(), shape.stream().mapToInt(d -> ((Number) d).intValue()).toArray());
    }
    return file;
  }

  float[] get(String name) {
    float[] values = tensors.get(name);
    if (values == null) {
      throw new IllegalArgumentException(source + " has no tensor '" + name + "'; it has " + tensors.keySet());
    }
    return values.clone();
  }

  int[] shape(String name) {
    get(name);
    return shapes.get(name).clone();
  }

  boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** Names of the tensors, in file order. */
  List<String> names() {
    return new ArrayList<>(tensors.keySet());
  }

  float metadataFloat(String key) {
    return Float.parseFloat(metadataString(key));
  }

  String metadataString(String key) {
    String value = metadata.get(key);
    if (value == null) {
      throw new IllegalArgumentException(source + " has no metadata '" + key + "'; it has " + metadata.keySet());
    }
    return value;
  }

  /** A JSON parser for the header: objects, arrays, strings without escapes beyond the basic ones, numbers. */
  private static final class Json {
    private final String text;
    private int at;

    Json(String text) {
      this.text = text;
    }

    Object value() {
      skipSpace();
      char c = text.charAt(at);
      if (c == '{') {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (text.charAt(at) == '}') {
          at++;
          return object;
        }
        while (true) {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          object.put(key, value());
          skipSpace();
          if (text.charAt(at++) == '}') {
            return object;
          }
        }
      }
      if (c == '[') {
        List<Object> array = new ArrayList<>();
        at++;
        skipSpace();
        if (text.charAt(at) == ']') {
          at++;
          return array;
        }
        while (true) {
          array.add(value());
          skipSpace();
          if (text.charAt(at++) == ']') {
            return array;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      int start = at;
      while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      if (start == at) {
        throw new IllegalArgumentException("unexpected '" + c + "' at " + at + " in " + text);
      }
      return Double.parseDouble(text.substring(start, at));
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (text.charAt(at) != '"') {
        char c = text.charAt(at++);
        if (c == '\\') {
          char escaped = text.charAt(at++);
          out.append(escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped);
        } else {
          out.append(c);
        }
      }
      at++;
      return out.toString();
    }

    private void expect(char c) {
      if (text.charAt(at) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + text);
      }
      at++;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
