package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VectorPooling's 2x2 maxima at stride 2 against a plain scan written here: for each window the
 * cells in row-major order, a later cell taking over only if it is larger or a NaN where the
 * best so far is not. Values come from small sets full of ties, signed zeros, NaNs of both signs
 * and infinities, and are compared bit for bit (the raw bits, so a NaN's sign counts too). The
 * rows sit at an offset inside longer arrays, and the cells of {@code y} and {@code dx} that the
 * blocks do not cover must stay as they were: forward does blocks of eight windows, backward
 * too, up to the first that holds a NaN (its caller's scalar code does the rest).
 */
class VectorPoolingTest {
  private static final float NEGATIVE_NAN = Float.intBitsToFloat(0xffc00000);
  private static final float[][] VALUES = {
      {0, 1, 2},
      {-0f, 0f, -0f, 0f, -1},
      {Float.NaN, NEGATIVE_NAN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 0f, -1, 3},
      {-2.5f, 7.25f, 1e-30f, -1e30f, 0.5f}};
  private static final int LEAD = 3;
  private static final float UNTOUCHED = 42f;

  @ParameterizedTest
  @ValueSource(ints = {16, 18, 30, 32, 34, 50})
  void forwardAndBackwardMatchAPlainScan(int width) {
    Random random = new Random(width);
    int windows = width / 2;
    for (float[] values : VALUES) {
      for (int trial = 0; trial < 20; trial++) {
        float[] x = new float[LEAD + 2 * width + 5];
        for (int i = 0; i < x.length; i++) {
          x[i] = values[random.nextInt(values.length)];
        }
        float[] dy = new float[LEAD + windows];
        for (int i = 0; i < dy.length; i++) {
          dy[i] = i % 5 == 0 ? -0f : random.nextFloat() * 2 - 1;
        }
        float[] y = filled(LEAD + windows + 2);
        float[] dx = filled(x.length);
        int done = VectorPooling.maxForward(x, LEAD, width, y, LEAD, windows);
        assertEquals(windows - windows % 8, done, "windows done");
        int doneBackward = VectorPooling.maxBackward(x, LEAD, width, dy, LEAD, dx, LEAD, windows);
        assertEquals(firstNaNBlock(x, width, windows), doneBackward,
            "backward runs to the first block of eight windows holding a NaN");
        for (int k = 0; k < windows; k++) {
          int p = LEAD + 2 * k;
          int[] cells = {p, p + 1, p + width, p + width + 1};
          int best = cells[0];
          for (int c = 1; c < 4; c++) {
            float v = x[cells[c]];
            if (v > x[best] || (Float.isNaN(v) && !Float.isNaN(x[best]))) {
              best = cells[c];
            }
          }
          for (int cell : cells) {
            float expected = k >= doneBackward ? UNTOUCHED : cell == best ? 0f + dy[LEAD + k] : 0f;
            assertBits(expected, dx[cell], "dx cell " + cell + " of window " + k);
          }
          assertBits(k >= done ? UNTOUCHED : x[best], y[LEAD + k], "y of window " + k);
        }
        for (int i = 0; i < LEAD; i++) {
          assertBits(UNTOUCHED, y[i], "y before the row");
          assertBits(UNTOUCHED, dx[i], "dx before the row");
        }
      }
    }
  }

  /** The first window of the first block of eight holding a NaN, or the whole blocks' end. */
  private static int firstNaNBlock(float[] x, int width, int windows) {
    int blocks = windows / 8;
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < 16; i++) {
        int p = LEAD + 16 * b + i;
        if (Float.isNaN(x[p]) || Float.isNaN(x[p + width])) {
          return 8 * b;
        }
      }
    }
    return 8 * blocks;
  }

  private static void assertBits(float expected, float actual, String what) {
    assertEquals(Integer.toHexString(Float.floatToRawIntBits(expected)),
        Integer.toHexString(Float.floatToRawIntBits(actual)), what + ": " + expected + " against " + actual);
  }

  private static float[] filled(int length) {
    float[] values = new float[length];
    java.util.Arrays.fill(values, UNTOUCHED);
    return values;
  }
}
