package hypercolumn.runtime.cpu;

import hypercolumn.runtime.PoolingShape;

/**
 * Max and average pooling on planes {@code fromPlane..toPlane} of a batch ({@code plane = n *
 * channels + c}), with {@link PoolingShape}'s semantics. Each plane is independent, so the
 * planes split over threads without changing a result.
 *
 * <p>A window is clipped to the input once per output row and column; the clipped cells are
 * the padding, which the maximum never picks and the mean counts as zeros: the divisor is
 * always the whole window, as PyTorch's {@code count_include_pad=True}. The maximum follows
 * PyTorch's rule: the first largest cell in row-major order, a NaN winning over any number.
 * Backward finds that cell again from {@code x} rather than comparing with {@code y}, so a
 * window whose maximum is NaN still sends its gradient to one cell.
 */
final class Pooling {
  private Pooling() {}

  static void forward(PoolingShape shape, float[] x, int xOffset, float[] y, int yOffset,
      int fromPlane, int toPlane) {
    boolean max = shape.mode() == PoolingShape.Mode.MAX;
    float divisor = shape.windowHeight() * shape.windowWidth();
    int inPlane = shape.height() * shape.width();
    int outPlane = shape.outHeight() * shape.outWidth();
    for (int plane = fromPlane; plane < toPlane; plane++) {
      int in = xOffset + plane * inPlane;
      int out = yOffset + plane * outPlane;
      for (int i = 0; i < shape.outHeight(); i++) {
        int top = i * shape.strideHeight() - shape.padTop();
        int rowFrom = Math.max(0, top);
        int rowTo = Math.min(shape.height(), top + shape.windowHeight());
        for (int j = 0; j < shape.outWidth(); j++, out++) {
          int left = j * shape.strideWidth() - shape.padLeft();
          int columnFrom = Math.max(0, left);
          int columnTo = Math.min(shape.width(), left + shape.windowWidth());
          if (max) {
            int at = argmax(x, in, shape.width(), rowFrom, rowTo, columnFrom, columnTo);
            y[out] = at < 0 ? Float.NEGATIVE_INFINITY : x[at];
          } else {
            double sum = 0;
            for (int h = rowFrom; h < rowTo; h++) {
              for (int w = in + h * shape.width() + columnFrom, end = w + columnTo - columnFrom;
                  w < end; w++) {
                sum += x[w];
              }
            }
            y[out] = (float) (sum / divisor);
          }
        }
      }
    }
  }

  /** Overwrites planes {@code fromPlane..toPlane} of {@code dx}; overlapping windows add up. */
  static void backward(PoolingShape shape, float[] x, int xOffset, float[] dy, int dyOffset,
      float[] dx, int dxOffset, int fromPlane, int toPlane) {
    boolean max = shape.mode() == PoolingShape.Mode.MAX;
    float divisor = shape.windowHeight() * shape.windowWidth();
    int inPlane = shape.height() * shape.width();
    int outPlane = shape.outHeight() * shape.outWidth();
    java.util.Arrays.fill(dx, dxOffset + fromPlane * inPlane, dxOffset + toPlane * inPlane, 0f);
    for (int plane = fromPlane; plane < toPlane; plane++) {
      int in = xOffset + plane * inPlane;
      int din = dxOffset + plane * inPlane;
      int out = dyOffset + plane * outPlane;
      for (int i = 0; i < shape.outHeight(); i++) {
        int top = i * shape.strideHeight() - shape.padTop();
        int rowFrom = Math.max(0, top);
        int rowTo = Math.min(shape.height(), top + shape.windowHeight());
        for (int j = 0; j < shape.outWidth(); j++, out++) {
          int left = j * shape.strideWidth() - shape.padLeft();
          int columnFrom = Math.max(0, left);
          int columnTo = Math.min(shape.width(), left + shape.windowWidth());
          if (max) {
            int at = argmax(x, in, shape.width(), rowFrom, rowTo, columnFrom, columnTo);
            if (at >= 0) {
              dx[din + (at - in)] += dy[out];
            }
          } else {
            float share = dy[out] / divisor;
            for (int h = rowFrom; h < rowTo; h++) {
              for (int w = din + h * shape.width() + columnFrom, end = w + columnTo - columnFrom;
                  w < end; w++) {
                dx[w] += share;
              }
            }
          }
        }
      }
    }
  }

  /** The index of the window's first largest cell, a NaN counting as largest; -1 if it is empty. */
  private static int argmax(float[] x, int plane, int width, int rowFrom, int rowTo,
      int columnFrom, int columnTo) {
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
}
