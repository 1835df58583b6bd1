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

  /**
   * {@return the IDX type code: {@link #UNSIGNED_BYTE}, {@code 0x09} (signed byte), {@code 0x0b}
   * (short), {@code 0x0c} (int), {@link #FLOAT} or {@code 0x0e} (double)}
   */
  public int type() {
    return type;
  }

  /** {@return the dimensions, outermost first, for example {@code [60000, 28, 28]} (a copy)} */
  public int[] dims() {
    return dims.clone();
  }

  /** {@return the number of elements, the product of the dimensions} */
  public int size() {
    return bytes != null ? bytes.length : floats.length;
  }

  /**
   * The elements of an unsigned-byte file, without conversion.
   *
   * @return the elements, row-major; read each with {@code & 0xFF}. The array is the one this
   *     object holds, not a copy.
   * @throws IllegalStateException if the file's type is not {@link #UNSIGNED_BYTE}
   */
  public byte[] unsignedBytes() {
    if (bytes == null) {
      throw new IllegalStateException(
          "unsignedBytes() needs an unsigned-byte IDX file (type 0x08), this one has type 0x"
              + Integer.toHexString(type)
              + "; use values()");
    }
    return bytes;
  }

  /**
   * Every element as a float.
   *
   * @return the elements, row-major: 0 to 255 for unsigned bytes (a new array each call), else
   *     the values as read (the array this object holds, not a copy; doubles rounded to float)
   */
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

  /**
   * Every element as an int, for label files.
   *
   * @return the elements, row-major, in a new array
   * @throws IllegalStateException if an element is not an integer
   */
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
