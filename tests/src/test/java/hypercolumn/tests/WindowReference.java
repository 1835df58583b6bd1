package hypercolumn.tests;

import hypercolumn.processor.plan.pointwise.Window;

/**
 * The window operations of a convolutional network written as plainly as possible, in double,
 * from PyTorch's definitions: output cell {@code (oh, ow)}'s window cell {@code (kh, kw)} is
 * input cell {@code (oh * stride - padStart + k * dilation)} in each direction, a cell outside
 * the input is padding. The backward passes are scatters (each output cell adds to the cells it
 * read), the adjoint of the forward, where the kernels under test gather.
 */
final class WindowReference {
  private final Window w;
  private final int batch;

  WindowReference(Window w, int batch) {
    this.w = w;
    this.batch = batch;
  }

  private int h(int oh, int kh) {
    return oh * w.strideH() - w.padTop() + kh * w.dilationH();
  }

  private int x(int ow, int kw) {
    return ow * w.strideW() - w.padLeft() + kw * w.dilationW();
  }

  private boolean inside(int h, int x) {
    return h >= 0 && h < w.height() && x >= 0 && x < w.width();
  }

  private int input(int n, int ch, int h, int x) {
    return ((n * w.channels() + ch) * w.height() + h) * w.width() + x;
  }

  private int pooled(int n, int ch, int oh, int ow) {
    return ((n * w.channels() + ch) * w.outHeight() + oh) * w.outWidth() + ow;
  }

  private int column(int n, int ch, int kh, int kw, int oh, int ow) {
    int row = (ch * w.kernelH() + kh) * w.kernelW() + kw;
    return n * w.columnCells() + (row * w.outHeight() + oh) * w.outWidth() + ow;
  }

  /** PyTorch's {@code unfold}: {@code (N, C * KH * KW, OH * OW)}. */
  double[] im2col(float[] in) {
    double[] out = new double[batch * w.columnCells()];
    forEachWindowCell((n, ch, oh, ow, kh, kw) -> {
      int h = h(oh, kh);
      int x = x(ow, kw);
      out[column(n, ch, kh, kw, oh, ow)] = inside(h, x) ? in[input(n, ch, h, x)] : 0;
    });
    return out;
  }

  /** PyTorch's {@code fold}: every column element added to the input cell it came from. */
  double[] col2im(float[] columns) {
    double[] out = new double[batch * w.inputCells()];
    forEachWindowCell((n, ch, oh, ow, kh, kw) -> {
      int h = h(oh, kh);
      int x = x(ow, kw);
      if (inside(h, x)) {
        out[input(n, ch, h, x)] += columns[column(n, ch, kh, kw, oh, ow)];
      }
    });
    return out;
  }

  /** The maximum of each window's input cells, and the first cell {@code h * W + w} holding it in row-major order. */
  double[] maxPool(float[] in, int[] argmax) {
    double[] out = new double[batch * w.pooledCells()];
    java.util.Arrays.fill(out, Double.NEGATIVE_INFINITY);
    java.util.Arrays.fill(argmax, -1);
    forEachWindowCell((n, ch, oh, ow, kh, kw) -> {
      int h = h(oh, kh);
      int x = x(ow, kw);
      int o = pooled(n, ch, oh, ow);
      if (inside(h, x) && in[input(n, ch, h, x)] > out[o]) {
        out[o] = in[input(n, ch, h, x)];
        argmax[o] = h * w.width() + x;
      }
    });
    return out;
  }

  /** Each output gradient added to its window's argmax cell. */
  double[] maxPoolBackward(int[] argmax, float[] gradient) {
    double[] out = new double[batch * w.inputCells()];
    for (int n = 0; n < batch; n++) {
      for (int ch = 0; ch < w.channels(); ch++) {
        for (int o = 0; o < w.outHeight() * w.outWidth(); o++) {
          int cell = pooled(n, ch, 0, 0) + o;
          out[input(n, ch, 0, 0) + argmax[cell]] += gradient[cell];
        }
      }
    }
    return out;
  }

  /** The sum of each window's cells over {@code KH * KW}, padding counted as zeros. */
  double[] averagePool(float[] in) {
    double[] out = new double[batch * w.pooledCells()];
    double cells = w.kernelH() * w.kernelW();
    forEachWindowCell((n, ch, oh, ow, kh, kw) -> {
      int h = h(oh, kh);
      int x = x(ow, kw);
      if (inside(h, x)) {
        out[pooled(n, ch, oh, ow)] += in[input(n, ch, h, x)] / cells;
      }
    });
    return out;
  }

  /** Each output gradient over {@code KH * KW}, added to every input cell of its window. */
  double[] averagePoolBackward(float[] gradient) {
    double[] out = new double[batch * w.inputCells()];
    double cells = w.kernelH() * w.kernelW();
    forEachWindowCell((n, ch, oh, ow, kh, kw) -> {
      int h = h(oh, kh);
      int x = x(ow, kw);
      if (inside(h, x)) {
        out[input(n, ch, h, x)] += gradient[pooled(n, ch, oh, ow)] / cells;
      }
    });
    return out;
  }

  interface WindowCell {
    void at(int n, int ch, int oh, int ow, int kh, int kw);
  }

  /** Every window cell of every output cell, windows in row-major order and each window's cells too. */
  private void forEachWindowCell(WindowCell body) {
    for (int n = 0; n < batch; n++) {
      for (int ch = 0; ch < w.channels(); ch++) {
        for (int oh = 0; oh < w.outHeight(); oh++) {
          for (int ow = 0; ow < w.outWidth(); ow++) {
            for (int kh = 0; kh < w.kernelH(); kh++) {
              for (int kw = 0; kw < w.kernelW(); kw++) {
                body.at(n, ch, oh, ow, kh, kw);
              }
            }
          }
        }
      }
    }
  }
}
