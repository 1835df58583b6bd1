package hypercolumn.runtime.cpu;

import hypercolumn.runtime.ConvolutionShape;

/**
 * The data movement around the convolution's matrix products, on a chunk of {@code chunk}
 * samples starting at sample {@code first}. The chunk's column matrix has one row per weight
 * position {@code r = (c * kernelHeight + p) * kernelWidth + q} and one column per output cell
 * {@code s * outHeight * outWidth + i * outWidth + j} of chunk sample {@code s}: the input value
 * that weight meets at that cell, zero where the window lies on padding. Forward is then
 * {@code W [K, C*kh*kw] x col}, backward data {@code W^T x dy} folded back by {@link #col2im},
 * and backward filter {@code dy x col^T}, with {@code dy} and the output in the chunk's
 * {@code [K, chunk * outHeight * outWidth]} layout, which {@link #scatter} and {@link #gather}
 * convert from and to NCHW.
 *
 * <p>Along a row of output cells, the columns whose window position falls inside the input form
 * one contiguous range, computed once per row ({@link #firstInside}, {@link #endInside}), so the
 * inner loops have no bounds tests.
 */
final class Im2col {
  private Im2col() {}

  /** Fills the column matrix for the work units {@code (r, s)} in {@code fromUnit..toUnit}, {@code unit = r * chunk + s}. */
  static void im2col(ConvolutionShape shape, float[] x, int xOffset, int first, int chunk,
      int fromUnit, int toUnit, float[] col) {
    int height = shape.height();
    int width = shape.width();
    int outHeight = shape.outHeight();
    int outWidth = shape.outWidth();
    int cells = outHeight * outWidth;
    int kernelArea = shape.kernelHeight() * shape.kernelWidth();
    int strideWidth = shape.strideWidth();
    long leading = (long) chunk * cells;
    for (int unit = fromUnit; unit < toUnit; unit++) {
      int r = unit / chunk;
      int s = unit % chunk;
      int c = r / kernelArea;
      int p = r % kernelArea / shape.kernelWidth();
      int q = r % shape.kernelWidth();
      int plane = xOffset + ((first + s) * shape.inChannels() + c) * height * width;
      int rowOffset = q * shape.dilationWidth() - shape.padLeft();
      int from = firstInside(rowOffset, strideWidth, outWidth);
      int to = endInside(rowOffset, strideWidth, width, outWidth);
      int out = (int) (r * leading) + s * cells;
      for (int i = 0; i < outHeight; i++, out += outWidth) {
        int ih = i * shape.strideHeight() - shape.padTop() + p * shape.dilationHeight();
        int end = ih < 0 || ih >= height ? 0 : to; // a row of padding copies nothing
        int in = plane + ih * width + rowOffset;
        // Rows are short (14 or 28 floats at the CNN's shapes): plain loops, which C2
        // vectorizes, cost far less here than Arrays.fill and System.arraycopy calls.
        int j = 0;
        for (; j < Math.min(from, end); j++) {
          col[out + j] = 0f;
        }
        if (strideWidth == 1) {
          for (; j < end; j++) {
            col[out + j] = x[in + j];
          }
        } else {
          for (; j < end; j++) {
            col[out + j] = x[in + j * strideWidth];
          }
        }
        for (; j < outWidth; j++) {
          col[out + j] = 0f;
        }
      }
    }
  }

  /**
   * Folds the column gradient back onto the input for the work units {@code (s, c)}, {@code unit
   * = s * inChannels + c}: each input cell gets the sum over the windows that read it. Overwrites
   * those planes of {@code dx}; a unit writes only its own plane, so units run in parallel.
   */
  static void col2im(ConvolutionShape shape, float[] dcol, int first, int chunk, int fromUnit,
      int toUnit, float[] dx, int dxOffset) {
    int height = shape.height();
    int width = shape.width();
    int outHeight = shape.outHeight();
    int outWidth = shape.outWidth();
    int cells = outHeight * outWidth;
    int strideWidth = shape.strideWidth();
    long leading = (long) chunk * cells;
    for (int unit = fromUnit; unit < toUnit; unit++) {
      int s = unit / shape.inChannels();
      int c = unit % shape.inChannels();
      int plane = dxOffset + ((first + s) * shape.inChannels() + c) * height * width;
      java.util.Arrays.fill(dx, plane, plane + height * width, 0f);
      for (int p = 0; p < shape.kernelHeight(); p++) {
        for (int q = 0; q < shape.kernelWidth(); q++) {
          int r = (c * shape.kernelHeight() + p) * shape.kernelWidth() + q;
          int rowOffset = q * shape.dilationWidth() - shape.padLeft();
          int from = firstInside(rowOffset, strideWidth, outWidth);
          int to = endInside(rowOffset, strideWidth, width, outWidth);
          int in = (int) (r * leading) + s * cells;
          for (int i = 0; i < outHeight; i++, in += outWidth) {
            int ih = i * shape.strideHeight() - shape.padTop() + p * shape.dilationHeight();
            if (ih < 0 || ih >= height) {
              continue;
            }
            int out = plane + ih * width + rowOffset;
            if (strideWidth == 1) {
              for (int j = from; j < to; j++) {
                dx[out + j] += dcol[in + j];
              }
            } else {
              for (int j = from; j < to; j++) {
                dx[out + j * strideWidth] += dcol[in + j];
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@code y[first + s][k] = product[k][s-th block] + bias[k]} for the work units {@code unit = s
   * * outChannels + k}; {@code bias} may be null.
   */
  static void scatter(ConvolutionShape shape, float[] product, int first, int chunk, int fromUnit,
      int toUnit, float[] bias, int biasOffset, float[] y, int yOffset) {
    int cells = shape.outHeight() * shape.outWidth();
    int channels = shape.outChannels();
    for (int unit = fromUnit; unit < toUnit; unit++) {
      int s = unit / channels;
      int k = unit % channels;
      int from = (k * chunk + s) * cells;
      int to = yOffset + ((first + s) * channels + k) * cells;
      if (bias == null) {
        System.arraycopy(product, from, y, to, cells);
      } else {
        float b = bias[biasOffset + k];
        for (int i = 0; i < cells; i++) {
          y[to + i] = product[from + i] + b;
        }
      }
    }
  }

  /** The inverse move of {@link #scatter} without bias: {@code product[k][s-th block] = dy[first + s][k]}. */
  static void gather(ConvolutionShape shape, float[] dy, int dyOffset, int first, int chunk,
      int fromUnit, int toUnit, float[] product) {
    int cells = shape.outHeight() * shape.outWidth();
    int channels = shape.outChannels();
    for (int unit = fromUnit; unit < toUnit; unit++) {
      int s = unit / channels;
      int k = unit % channels;
      System.arraycopy(dy, dyOffset + ((first + s) * channels + k) * cells, product,
          (k * chunk + s) * cells, cells);
    }
  }

  /** The first output column {@code j} whose input column {@code j * stride + offset} is at least 0. */
  static int firstInside(int offset, int stride, int outWidth) {
    return offset >= 0 ? 0 : Math.min(outWidth, (-offset + stride - 1) / stride);
  }

  /** One past the last output column whose input column {@code j * stride + offset} is below {@code width}. */
  static int endInside(int offset, int stride, int width, int outWidth) {
    int last = Math.floorDiv(width - 1 - offset, stride);
    return Math.max(0, Math.min(outWidth, last + 1));
  }
}
