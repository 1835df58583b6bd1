package hypercolumn.runtime.cpu;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.PoolingShape;

/**
 * Plain references for convolution and pooling, straight from the definitions in {@link
 * ConvolutionShape} and {@link PoolingShape}: one loop nest over every (output cell, window
 * cell) pair, summing in double, with a bounds test per cell instead of any precomputed range.
 * Backward passes scatter each output gradient to the cells that produced it.
 *
 * <p>The maximum of a window is its first NaN if it holds one, else its first largest cell in
 * row-major order. That is PyTorch's CPU rule for numbers and for one NaN; where a window holds
 * several NaNs, PyTorch's {@code (val > maxval) || isnan(val)} moves to each NaN in turn, so its
 * gradient goes to the last NaN, not the first as here and in {@link Pooling}.
 */
final class ConvolutionReference {
  private ConvolutionReference() {}

  /** Calls {@code visit(xIndex, wIndex, yIndex)} for every product term of the convolution. */
  interface Term {
    void visit(int x, int w, int y);
  }

  static void eachTerm(ConvolutionShape s, Term term) {
    int oh = s.outHeight();
    int ow = s.outWidth();
    for (int n = 0; n < s.batch(); n++) {
      for (int k = 0; k < s.outChannels(); k++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            int y = ((n * s.outChannels() + k) * oh + i) * ow + j;
            for (int c = 0; c < s.inChannels(); c++) {
              for (int p = 0; p < s.kernelHeight(); p++) {
                for (int q = 0; q < s.kernelWidth(); q++) {
                  int h = i * s.strideHeight() - s.padTop() + p * s.dilationHeight();
                  int w = j * s.strideWidth() - s.padLeft() + q * s.dilationWidth();
                  if (h < 0 || h >= s.height() || w < 0 || w >= s.width()) {
                    continue;
                  }
                  term.visit(((n * s.inChannels() + c) * s.height() + h) * s.width() + w,
                      ((k * s.inChannels() + c) * s.kernelHeight() + p) * s.kernelWidth() + q, y);
                }
              }
            }
          }
        }
      }
    }
  }

  static double[] forward(ConvolutionShape s, float[] x, float[] w, float[] bias) {
    double[] y = new double[s.outputSize()];
    int cells = s.outHeight() * s.outWidth();
    if (bias != null) {
      for (int i = 0; i < y.length; i++) {
        y[i] = bias[i / cells % s.outChannels()];
      }
    }
    eachTerm(s, (xi, wi, yi) -> y[yi] += (double) x[xi] * w[wi]);
    return y;
  }

  static double[] backwardData(ConvolutionShape s, float[] dy, float[] w) {
    double[] dx = new double[s.inputSize()];
    eachTerm(s, (xi, wi, yi) -> dx[xi] += (double) dy[yi] * w[wi]);
    return dx;
  }

  static double[] backwardFilter(ConvolutionShape s, float[] x, float[] dy) {
    double[] dw = new double[s.weightSize()];
    eachTerm(s, (xi, wi, yi) -> dw[wi] += (double) dy[yi] * x[xi]);
    return dw;
  }

  static double[] backwardBias(ConvolutionShape s, float[] dy) {
    double[] db = new double[s.outChannels()];
    int cells = s.outHeight() * s.outWidth();
    for (int i = 0; i < dy.length; i++) {
      db[i / cells % s.outChannels()] += dy[i];
    }
    return db;
  }

  static double[] poolingForward(PoolingShape s, float[] x) {
    double[] y = new double[s.outputSize()];
    eachWindow(s, x, null, y, null);
    return y;
  }

  static double[] poolingBackward(PoolingShape s, float[] x, float[] dy) {
    double[] dx = new double[s.inputSize()];
    eachWindow(s, x, dy, null, dx);
    return dx;
  }

  /** Forward into {@code y} when it is given, else backward of {@code dy} into {@code dx}. */
  private static void eachWindow(PoolingShape s, float[] x, float[] dy, double[] y, double[] dx) {
    int oh = s.outHeight();
    int ow = s.outWidth();
    double area = s.windowHeight() * s.windowWidth();
    for (int plane = 0; plane < s.batch() * s.channels(); plane++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int out = (plane * oh + i) * ow + j;
          double sum = 0;
          double best = 0;
          int bestAt = -1;
          int firstNaN = -1;
          for (int p = 0; p < s.windowHeight(); p++) {
            for (int q = 0; q < s.windowWidth(); q++) {
              int h = i * s.strideHeight() - s.padTop() + p;
              int w = j * s.strideWidth() - s.padLeft() + q;
              if (h < 0 || h >= s.height() || w < 0 || w >= s.width()) {
                continue; // padding: a zero in the mean, never the maximum
              }
              int at = (plane * s.height() + h) * s.width() + w;
              sum += x[at];
              if (Float.isNaN(x[at])) {
                firstNaN = firstNaN < 0 ? at : firstNaN;
              } else if (bestAt < 0 || x[at] > best) {
                best = x[at]; // strictly greater: of equal cells (-0.0 and 0.0 too) the first stays
                bestAt = at;
              }
              if (dx != null && s.mode() == PoolingShape.Mode.AVERAGE) {
                dx[at] += dy[out] / area;
              }
            }
          }
          int maxAt = firstNaN >= 0 ? firstNaN : bestAt; // a NaN beats every number
          if (y != null) {
            y[out] = s.mode() == PoolingShape.Mode.MAX ? x[maxAt] : sum / area;
          } else if (s.mode() == PoolingShape.Mode.MAX) {
            dx[maxAt] += dy[out];
          }
        }
      }
    }
  }
}
