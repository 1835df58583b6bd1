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
 * blocks do not cover must stay as they were (the caller's scalar code does those).
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

  /**
   * Widths whose runs end in a whole block, in 1 to 3 windows (done by the caller's scalar code)
   * and in 4 to 7 (a last block of eight in forward where the caller allows writing past the run
   * and x holds the cells it reads; blocks of four in backward, while dy holds eight gradients
   * from the block on). Half the trials leave room past the row in x and dy, half do not.
   */
  @ParameterizedTest
  @ValueSource(ints = {14, 16, 18, 22, 28, 30, 32, 34, 50})
  void forwardAndBackwardMatchAPlainScan(int width) {
    Random random = new Random(width);
    int windows = width / 2;
    int whole = windows - windows % 8;
    for (float[] values : VALUES) {
      for (int trial = 0; trial < 20; trial++) {
        int room = trial % 2 == 0 ? 32 : 0;
        float[] x = new float[LEAD + 2 * width + room];
        for (int i = 0; i < x.length; i++) {
          x[i] = values[random.nextInt(values.length)];
        }
        float[] dy = new float[LEAD + windows + room];
        for (int i = 0; i < dy.length; i++) {
          dy[i] = i % 5 == 0 ? -0f : random.nextFloat() * 2 - 1;
        }
        float[] y = filled(LEAD + windows + 8);
        float[] yPast = filled(LEAD + windows + 8);
        float[] dx = filled(x.length);
        assertEquals(whole, VectorPooling.maxForward(x, LEAD, width, y, LEAD, windows, false),
            "windows done");
        boolean lastBlock = windows - whole >= 4 && LEAD + 2 * whole + width + 16 <= x.length;
        int donePast = VectorPooling.maxForward(x, LEAD, width, yPast, LEAD, windows, true);
        assertEquals(lastBlock ? windows : whole, donePast, "windows done, writing past the run");
        int doneBackward = VectorPooling.maxBackward(x, LEAD, width, dy, LEAD, dx, LEAD, windows);
        assertEquals(expectedBackward(x, width, windows, dy.length), doneBackward,
            "backward: blocks of four up to the first holding a NaN or short of gradients");
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
          assertBits(k >= whole ? UNTOUCHED : x[best], y[LEAD + k], "y of window " + k);
          assertBits(k >= donePast ? UNTOUCHED : x[best], yPast[LEAD + k],
              "y of window " + k + ", writing past the run");
        }
        for (int i = 0; i < LEAD; i++) {
          assertBits(UNTOUCHED, y[i], "y before the row");
          assertBits(UNTOUCHED, yPast[i], "y before the row, writing past the run");
          assertBits(UNTOUCHED, dx[i], "dx before the row");
        }
        for (int i = LEAD + windows; i < y.length; i++) {
          assertBits(UNTOUCHED, y[i], "y past the run");
        }
        for (int i = LEAD + whole + 8; i < yPast.length; i++) {
          assertBits(UNTOUCHED, yPast[i], "y past the last block");
        }
      }
    }
  }

  /** Blocks of four up to the first holding a NaN or the first without eight gradients in dy. */
  private static int expectedBackward(float[] x, int width, int windows, int dyLength) {
    int done = 0;
    while (done + 4 <= windows && LEAD + done + 8 <= dyLength) {
      if (holdsNaN(x, width, done, 4)) {
        return done;
      }
      done += 4;
    }
    return done;
  }

  /** Whether the {@code windows} windows from window {@code from} hold a NaN in either row. */
  private static boolean holdsNaN(float[] x, int width, int from, int windows) {
    for (int i = 0; i < 2 * windows; i++) {
      int p = LEAD + 2 * from + i;
      if (Float.isNaN(x[p]) || Float.isNaN(x[p + width])) {
        return true;
      }
    }
    return false;
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
