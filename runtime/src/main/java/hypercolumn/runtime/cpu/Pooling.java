package hypercolumn.runtime.cpu;

import hypercolumn.runtime.PoolingShape;
import java.util.Arrays;

/**
 * Max and average pooling on planes {@code fromPlane..toPlane} of a batch ({@code plane = n *
 * channels + c}), with {@link PoolingShape}'s semantics. Each plane is independent, so the
 * planes split over threads without changing a result.
 *
 * <p>The padded cells are never the maximum and count as zeros in the mean: the divisor is
 * always the whole window, as PyTorch's {@code count_include_pad=True}. The maximum is the
 * first largest cell in row-major order, a NaN winning over any number (the first NaN if
 * there are several), so of a tie between -0.0 and 0.0 the first is kept. Backward finds that
 * cell again from {@code x} rather than comparing with {@code y}, so a window whose maximum is
 * NaN still sends its gradient to one cell.
 *
 * <p>Most windows lie wholly inside the input: the output rows {@code rowFrom..rowTo} and
 * columns {@code columnFrom..columnTo} of {@link Interior}, found once per call. Those skip the
 * clipping, and 2x2 windows (the CNN's) take straight-line code; only the border cells run the
 * general clipped loops. A fast maximum compares values only and checks the window for NaN
 * afterwards (a NaN sum), going back to {@link #argmax} for such a rare window. When windows do
 * not overlap, backward writes each interior window's cells outright instead of zeroing the
 * plane and adding; the cells outside the interior windows are zeroed first, since the border
 * windows add to them and some cells lie in no window at all.
 */
final class Pooling {
  private Pooling() {}

  /** With {@code vector} (the Vector API is present), 2x2 maxima go to {@link VectorPooling}. */
  static void forward(PoolingShape shape, float[] x, int xOffset, float[] y, int yOffset,
      int fromPlane, int toPlane, boolean vector) {
    int width = shape.width();
    int outWidth = shape.outWidth();
    int inPlane = shape.height() * width;
    int outPlane = shape.outHeight() * outWidth;
    int rowFrom = Interior.from(shape.padTop(), shape.strideHeight(), shape.outHeight());
    int rowTo = Interior.to(shape.height(), shape.padTop(), shape.windowHeight(),
        shape.strideHeight(), shape.outHeight(), rowFrom);
    int columnFrom = Interior.from(shape.padLeft(), shape.strideWidth(), outWidth);
    int columnTo = Interior.to(width, shape.padLeft(), shape.windowWidth(), shape.strideWidth(),
        outWidth, columnFrom);
    for (int plane = fromPlane; plane < toPlane; plane++) {
      int in = xOffset + plane * inPlane;
      int out = yOffset + plane * outPlane;
      for (int i = 0; i < shape.outHeight(); i++, out += outWidth) {
        if (i < rowFrom || i >= rowTo) {
          clippedForward(shape, x, in, y, out, i, 0, outWidth);
          continue;
        }
        clippedForward(shape, x, in, y, out, i, 0, columnFrom);
        int first = in + (i * shape.strideHeight() - shape.padTop()) * width
            + columnFrom * shape.strideWidth() - shape.padLeft();
        // Rows go in order, so a run may write past its end into this row's border cells or
        // the next row, which come after it; not past the plane, which another thread may own.
        InteriorPooling.forwardRow(shape, x, first, y, out + columnFrom, columnTo - columnFrom,
            vector, i == shape.outHeight() - 1);
        clippedForward(shape, x, in, y, out, i, columnTo, outWidth);
      }
    }
  }

  /** Overwrites planes {@code fromPlane..toPlane} of {@code dx}; overlapping windows add up. */
  static void backward(PoolingShape shape, float[] x, int xOffset, float[] dy, int dyOffset,
      float[] dx, int dxOffset, int fromPlane, int toPlane, boolean vector) {
    int width = shape.width();
    int outWidth = shape.outWidth();
    int inPlane = shape.height() * width;
    int outPlane = shape.outHeight() * outWidth;
    boolean overlapping = shape.strideHeight() < shape.windowHeight()
        || shape.strideWidth() < shape.windowWidth();
    if (overlapping) {
      Arrays.fill(dx, dxOffset + fromPlane * inPlane, dxOffset + toPlane * inPlane, 0f);
      for (int plane = fromPlane; plane < toPlane; plane++) {
        int out = dyOffset + plane * outPlane;
        for (int i = 0; i < shape.outHeight(); i++, out += outWidth) {
          clippedBackward(shape, x, xOffset + plane * inPlane, dy, out, dx,
              dxOffset + plane * inPlane, i, 0, outWidth);
        }
      }
      return;
    }
    int rowFrom = Interior.from(shape.padTop(), shape.strideHeight(), shape.outHeight());
    int rowTo = Interior.to(shape.height(), shape.padTop(), shape.windowHeight(),
        shape.strideHeight(), shape.outHeight(), rowFrom);
    int columnFrom = Interior.from(shape.padLeft(), shape.strideWidth(), outWidth);
    int columnTo = Interior.to(width, shape.padLeft(), shape.windowWidth(), shape.strideWidth(),
        outWidth, columnFrom);
    for (int plane = fromPlane; plane < toPlane; plane++) {
      int in = xOffset + plane * inPlane;
      int din = dxOffset + plane * inPlane;
      int out = dyOffset + plane * outPlane;
      Interior.clearOutside(shape, dx, din, rowFrom, rowTo, columnFrom, columnTo);
      for (int i = 0; i < shape.outHeight(); i++, out += outWidth) {
        if (i < rowFrom || i >= rowTo) {
          clippedBackward(shape, x, in, dy, out, dx, din, i, 0, outWidth);
          continue;
        }
        clippedBackward(shape, x, in, dy, out, dx, din, i, 0, columnFrom);
        int first = (i * shape.strideHeight() - shape.padTop()) * width
            + columnFrom * shape.strideWidth() - shape.padLeft();
        InteriorPooling.backwardRow(shape, x, in + first, dy, out + columnFrom, dx, din + first,
            columnTo - columnFrom, vector);
        clippedBackward(shape, x, in, dy, out, dx, din, i, columnTo, outWidth);
      }
    }
  }

  /** Output cells {@code (i, jFrom..jTo)}, their windows clipped to the input at {@code in}. */
  private static void clippedForward(PoolingShape shape, float[] x, int in, float[] y,
      int outRow, int i, int jFrom, int jTo) {
    boolean max = shape.mode() == PoolingShape.Mode.MAX;
    float divisor = shape.windowHeight() * shape.windowWidth();
    int top = i * shape.strideHeight() - shape.padTop();
    int rowFrom = Math.max(0, top);
    int rowTo = Math.min(shape.height(), top + shape.windowHeight());
    for (int j = jFrom; j < jTo; j++) {
      int left = j * shape.strideWidth() - shape.padLeft();
      int columnFrom = Math.max(0, left);
      int columnTo = Math.min(shape.width(), left + shape.windowWidth());
      if (max) {
        int at = argmax(x, in, shape.width(), rowFrom, rowTo, columnFrom, columnTo);
        y[outRow + j] = at < 0 ? Float.NEGATIVE_INFINITY : x[at];
      } else {
        double sum = 0;
        for (int h = rowFrom; h < rowTo; h++) {
          for (int w = in + h * shape.width() + columnFrom, end = w + columnTo - columnFrom;
              w < end; w++) {
            sum += x[w];
          }
        }
        y[outRow + j] = (float) (sum / divisor);
      }
    }
  }

  /** Adds the gradients of output cells {@code (i, jFrom..jTo)} to their clipped windows. */
  private static void clippedBackward(PoolingShape shape, float[] x, int in, float[] dy,
      int outRow, float[] dx, int din, int i, int jFrom, int jTo) {
    boolean max = shape.mode() == PoolingShape.Mode.MAX;
    float divisor = shape.windowHeight() * shape.windowWidth();
    int top = i * shape.strideHeight() - shape.padTop();
    int rowFrom = Math.max(0, top);
    int rowTo = Math.min(shape.height(), top + shape.windowHeight());
    for (int j = jFrom; j < jTo; j++) {
      int left = j * shape.strideWidth() - shape.padLeft();
      int columnFrom = Math.max(0, left);
      int columnTo = Math.min(shape.width(), left + shape.windowWidth());
      if (max) {
        int at = argmax(x, in, shape.width(), rowFrom, rowTo, columnFrom, columnTo);
        if (at >= 0) {
          dx[din + (at - in)] += dy[outRow + j];
        }
      } else {
        float share = dy[outRow + j] / divisor;
        for (int h = rowFrom; h < rowTo; h++) {
          for (int w = din + h * shape.width() + columnFrom, end = w + columnTo - columnFrom;
              w < end; w++) {
            dx[w] += share;
          }
        }
      }
    }
  }

  /** The index of the window's first largest cell, a NaN counting as largest; -1 if it is empty. */
  static int argmax(float[] x, int plane, int width, int rowFrom, int rowTo, int columnFrom,
      int columnTo) {
    int at = -1;
    float best = Float.NEGATIVE_INFINITY;
    for (int h = rowFrom; h < rowTo; h++) {
      for (int w = plane + h * width + columnFrom, end = w + columnTo - columnFrom; w < end; w++) {
        float v = x[w];
        if (at < 0 || v > best || (v != v && best == best)) {
          at = w;
          best = v;
        }
      }
    }
    return at;
  }

  /** The output rows (or columns) whose windows lie wholly inside the input. */
  static final class Interior {
    private Interior() {}

    /** {@return the first output index whose window starts at or after the padding} */
    static int from(int padBefore, int stride, int outSize) {
      return Math.min(outSize, (padBefore + stride - 1) / stride);
    }

    /** {@return one past the last output index whose window ends inside the input, at least {@code from}} */
    static int to(int size, int padBefore, int window, int stride, int outSize, int from) {
      int last = Math.floorDiv(size + padBefore - window, stride);
      return Math.max(from, Math.min(outSize, last + 1));
    }

    /**
     * Zeroes the plane's cells that no interior window covers: all of them when the windows
     * leave gaps (stride above the window) or there is no interior, else the cells around the
     * rectangle the interior windows tile.
     */
    static void clearOutside(PoolingShape shape, float[] dx, int din, int rowFrom, int rowTo,
        int columnFrom, int columnTo) {
      int height = shape.height();
      int width = shape.width();
      boolean tiled = shape.strideHeight() == shape.windowHeight()
          && shape.strideWidth() == shape.windowWidth();
      if (!tiled || rowFrom == rowTo || columnFrom == columnTo) {
        Arrays.fill(dx, din, din + height * width, 0f);
        return;
      }
      int top = rowFrom * shape.strideHeight() - shape.padTop();
      int bottom = rowTo * shape.strideHeight() - shape.padTop();
      int left = columnFrom * shape.strideWidth() - shape.padLeft();
      int right = columnTo * shape.strideWidth() - shape.padLeft();
      Arrays.fill(dx, din, din + top * width, 0f);
      if (left > 0 || right < width) {
        for (int h = top; h < bottom; h++) {
          Arrays.fill(dx, din + h * width, din + h * width + left, 0f);
          Arrays.fill(dx, din + h * width + right, din + (h + 1) * width, 0f);
        }
      }
      Arrays.fill(dx, din + bottom * width, din + height * width, 0f);
    }
  }
}
