package hypercolumn.runtime.cpu;

import hypercolumn.runtime.PoolingShape;

/**
 * {@link Pooling}'s windows that lie wholly inside the input, a run of {@code count} of them
 * along one output row: the first window's top-left cell is {@code x[first]}, the next ones
 * {@code strideWidth} cells apart. Nothing is clipped; 2x2 windows are unrolled, other windows
 * use {@link Pooling#argmax} and plain loops. The results equal the clipped loops' bit for bit:
 *
 * <ul>
 *   <li>A 2x2 maximum is found without branches, which random data would mispredict about
 *       every other window: each cell becomes a {@link #rank} (value, then the earlier place)
 *       and the largest rank names the first largest cell. Ranks do not know NaN, so a window
 *       whose sum is NaN (a NaN cell, or infinities of both signs) goes to {@link
 *       Pooling#argmax}, which does; testing the sum costs less than ranking NaN in each cell.
 *   <li>The mean sums in double from 0, in row-major order, as the clipped loop does; starting
 *       from the first cell instead would keep -0.0 where the clipped loop gives 0.0.
 *   <li>Backward writes windows outright, which is only right when windows do not overlap. The
 *       clipped loops add to a zeroed {@code dx}, and {@code 0f + g} is 0.0 for a gradient of
 *       -0.0, so the written gradient is {@code g + 0f}.
 * </ul>
 */
final class InteriorPooling {
  private InteriorPooling() {}

  /**
   * With {@code vector}, a 2x2 maximum at stride 2 goes to {@link VectorPooling} eight windows at
   * a time; {@code lastRow} says the run is in its plane's last output row, after which this
   * thread writes nothing more of the plane.
   */
  static void forwardRow(PoolingShape shape, float[] x, int first, float[] y, int out,
      int count, boolean vector, boolean lastRow) {
    int width = shape.width();
    int step = shape.strideWidth();
    int windowHeight = shape.windowHeight();
    int windowWidth = shape.windowWidth();
    boolean max = shape.mode() == PoolingShape.Mode.MAX;
    float divisor = windowHeight * windowWidth;
    if (windowHeight == 2 && windowWidth == 2) {
      int done = vector && max && step == 2
          ? VectorPooling.maxForward(x, first, width, y, out, count, !lastRow) : 0;
      for (int k = done, p = first + done * step; k < count; k++, p += step) {
        if (max) {
          y[out + k] = x[p + argmax4(x, p, width)];
        } else {
          y[out + k] = (float) ((0d + x[p] + x[p + 1] + x[p + width] + x[p + width + 1]) / divisor);
        }
      }
      return;
    }
    for (int k = 0, p = first; k < count; k++, p += step) {
      if (max) {
        y[out + k] = x[Pooling.argmax(x, p, width, 0, windowHeight, 0, windowWidth)];
      } else {
        double sum = 0;
        for (int h = 0, row = p; h < windowHeight; h++, row += width) {
          for (int w = row; w < row + windowWidth; w++) {
            sum += x[w];
          }
        }
        y[out + k] = (float) (sum / divisor);
      }
    }
  }

  /**
   * Writes the gradients of a run of non-overlapping windows into {@code dx}, whose cell
   * {@code dx[firstGradient]} sits where {@code x[first]} does.
   */
  static void backwardRow(PoolingShape shape, float[] x, int first, float[] dy, int out,
      float[] dx, int firstGradient, int count, boolean vector) {
    int width = shape.width();
    int step = shape.strideWidth();
    int windowHeight = shape.windowHeight();
    int windowWidth = shape.windowWidth();
    boolean max = shape.mode() == PoolingShape.Mode.MAX;
    float divisor = windowHeight * windowWidth;
    int q = firstGradient;
    if (windowHeight == 2 && windowWidth == 2) {
      int done = vector && max && step == 2
          ? VectorPooling.maxBackward(x, first, width, dy, out, dx, firstGradient, count) : 0;
      q += done * step;
      for (int k = done, p = first + done * step; k < count; k++, p += step, q += step) {
        if (max) {
          float g = dy[out + k] + 0f;
          int at = argmax4(x, p, width);
          dx[q] = 0f;
          dx[q + 1] = 0f;
          dx[q + width] = 0f;
          dx[q + width + 1] = 0f;
          dx[q + at] = g;
        } else {
          float share = dy[out + k] / divisor + 0f;
          dx[q] = share;
          dx[q + 1] = share;
          dx[q + width] = share;
          dx[q + width + 1] = share;
        }
      }
      return;
    }
    for (int k = 0, p = first; k < count; k++, p += step, q += step) {
      float g = max ? dy[out + k] + 0f : dy[out + k] / divisor + 0f;
      for (int h = 0, row = q; h < windowHeight; h++, row += width) {
        java.util.Arrays.fill(dx, row, row + windowWidth, max ? 0f : g);
      }
      if (max) {
        dx[q + Pooling.argmax(x, p, width, 0, windowHeight, 0, windowWidth) - p] = g;
      }
    }
  }

  /** {@return the offset from {@code p} of the 2x2 window's first largest cell} */
  private static int argmax4(float[] x, int p, int width) {
    float a = x[p];
    float b = x[p + 1];
    float c = x[p + width];
    float d = x[p + width + 1];
    float sum = a + b + c + d;
    if (sum != sum) {
      return Pooling.argmax(x, p, width, 0, 2, 0, 2) - p;
    }
    long best = larger(larger(rank(a, 0), rank(b, 1)), larger(rank(c, 2), rank(d, 3)));
    int cell = 3 - (int) (best & 3);
    return (cell & 1) + (cell >> 1) * width;
  }

  /**
   * A number and its place in the 2x2 window as one long whose order is the maximum's: by
   * value, -0.0 equal to 0.0, then the earlier place first. The high bits order the float's
   * bits as ints: negative floats flip their magnitude bits, then move up by one so that -0.0
   * lands on 0.0's 0. The low two bits are {@code 3 - place}. A NaN would rank by its sign
   * bit, above or below every number, so callers keep NaN away.
   */
  private static long rank(float value, int place) {
    int bits = Float.floatToRawIntBits(value);
    int key = bits ^ ((bits >> 31) & 0x7fffffff);
    key -= key >> 31;
    return ((long) key << 2) | (3 - place);
  }

  /**
   * {@return the larger of two ranks} In arithmetic, not a comparison: C2 compiles float and
   * long comparisons here to branches. Ranks span 34 bits, so the difference cannot overflow.
   */
  private static long larger(long a, long b) {
    long difference = a - b;
    return a - (difference & (difference >> 63));
  }
}
