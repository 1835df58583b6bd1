package hypercolumn.runtime.io;

import hypercolumn.runtime.TensorDtype;

/** The element types a safetensors file may hold, with their sizes in bytes. */
enum Dtype {
  BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
  I16(2), U16(2), F16(2), BF16(2),
  I32(4), U32(4), F32(4),
  I64(8), U64(8), F64(8);

  final int size;

  Dtype(int size) {
    this.size = size;
  }

  /** Whether {@link SafetensorsFile#readFloats} converts this type to float32. */
  boolean convertsToFloat() {
    return this == F32 || this == F64 || this == F16 || this == BF16;
  }

  /**
   * Whether a tensor stored in this type loads into a tensor of type {@code wanted}: any float
   * type into F32 (converted), only I64 into I64, so that an integer count and a float never
   * stand in for each other.
   */
  boolean loadsAs(TensorDtype wanted) {
    return wanted == TensorDtype.I64 ? this == I64 : convertsToFloat();
  }

  /** What {@link #loadsAs} accepts for {@code wanted}, for error messages. */
  static String accepted(TensorDtype wanted) {
    return wanted == TensorDtype.I64 ? "I64" : "F32 (F64, F16 and BF16 are converted)";
  }

  static Dtype parse(String name) {
    for (Dtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }
}
