package hypercolumn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link FusedKernel#select} gives what {@code ?:} gives, bit for bit, on every kind of float. */
class FusedKernelSelectTest {
  private static final float[] VALUES = {
      0f, -0f, 1f, -1f, 0.5f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
      -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
      Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000), 3.1415927f, -2.7182817f};

  @Test
  void selectIsTheConditionalOperatorBitForBit() {
    for (float a : VALUES) {
      for (float b : VALUES) {
        for (boolean condition : new boolean[] {true, false}) {
          float expected = condition ? a : b;
          assertEquals(Float.floatToRawIntBits(expected),
              Float.floatToRawIntBits(FusedKernel.select(condition, a, b)),
              () -> condition + " ? " + a + " : " + b);
        }
      }
    }
  }

  @Test
  void reluAsTheKernelsWriteItKeepsItsMeaning() {
    for (float v : VALUES) {
      float expected = v > 0f ? v : 0f; // NaN and -0 give +0, as before the select
      assertEquals(Float.floatToRawIntBits(expected),
          Float.floatToRawIntBits(FusedKernel.select(v > 0f, v, 0f)), () -> "relu(" + v + ")");
    }
  }
}
