package hypercolumn.runtime.data;

import java.util.Arrays;

/**
 * The contents of an IDX file: its element type, its dimensions and its values. Unsigned bytes
 * (type {@code 0x08}, the pixels and labels of MNIST-style files) are kept as bytes; every other
 * type is converted to floats when read.
 */
public final class IdxArray {
  /** IDX type code of unsigned bytes. */
  public static final int UNSIGNED_BYTE = 0x08;
  /** IDX type code of big-endian 32-bit floats. */
  public static final int FLOAT = 0x0D;

  private final int type;
  private final int[] dims;
  private final byte[] bytes;
  private final float[] floats;

  IdxArray(int type, int[] dims, byte[] bytes, float[] floats) {
    this.type = type;
    this.dims = dims.clone();
    this.bytes = bytes;
    this.floats = floats;
  }

  /** The IDX type code, for example {@link #UNSIGNED_BYTE}. */
  public int type() {
    return type;
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Number of elements, the product of the dimensions. */
  public int size() {
    return bytes != null ? bytes.length : floats.length;
  }

  /** The elements of an unsigned-byte file, without conversion (read them with {@code & 0xFF}). */
  public byte[] unsignedBytes() {
    if (bytes == null) {
      throw new IllegalStateException(
          "unsignedBytes() needs an unsigned-byte IDX file (type 0x08), this one has type 0x"
              + Integer.toHexString(type)
              + "; use values()");
    }
    return bytes;
  }

  /** Every element as a float (a fresh array for unsigned bytes, 0 to 255). */
  public float[] values() {
    if (floats != null) {
      return floats;
    }
    float[] values = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = bytes[i] & 0xFF;
    }
    return values;
  }

  /** Every element as an int, for label files; non-integer values are rejected. */
  public int[] intValues() {
    int[] values = new int[size()];
    if (bytes != null) {
      for (int i = 0; i < bytes.length; i++) {
        values[i] = bytes[i] & 0xFF;
      }
      return values;
    }
    for (int i = 0; i < floats.length; i++) {
      float v = floats[i];
      if (v != Math.rint(v)) {
        throw new IllegalStateException("element " + i + " is " + v + ", not an integer");
      }
      values[i] = (int) v;
    }
    return values;
  }

  @Override
  public String toString() {
    return "IdxArray[type 0x" + Integer.toHexString(type) + ", dims " + Arrays.toString(dims) + "]";
  }
}
