package hypercolumn.runtime.cpu;

import hypercolumn.runtime.ConvolutionShape;
import java.util.Arrays;

/**
 * The parallel loops of {@link ImplicitConvolution} and the walk they share: a zero-padded
 * source of {@code batch x channels} planes, a kernel window walked over it at a stride, and
 * output planes of {@code outChannels}. Its index tables: {@code offsets[t]}, the window cell
 * {@code t = (c, p, q)}'s distance from a window's corner, and {@code corners[g]}, output cell
 * {@code g}'s window corner in the source (both without the source's offset). One object serves
 * every call: a call sets the fields, runs each step and clears the arrays it was given.
 */
final class ImplicitConvolutionJob extends RangeJob {
  static final int PAD = 0;
  static final int PACK_WEIGHTS = 1;
  static final int TRANSPOSE_GRADIENT = 2;
  static final int PRODUCT = 3;
  static final int FILTER = 4;

  /** Cells per block of {@link #transposeGradient}. */
  private static final int TRANSPOSE_BLOCK = 16;

  /** Rows of the tile, the same for both kernels. */
  static final int MR = GatherMicroKernel.MR;

  final boolean wide;
  /** Channels per panel: the tile's columns. */
  final int nr;

  int kind;
  // The source: batch x channels planes of height x width, padded on each side.
  int batch;
  int channels;
  int height;
  int width;
  int padTop;
  int padLeft;
  int paddedHeight;
  int paddedWidth;
  // The window and the output.
  int kernelHeight;
  int kernelWidth;
  int strideHeight;
  int strideWidth;
  /** Window cells: the products summed per output value in forward. */
  int depth;
  int outChannels;
  int outHeight;
  int outWidth;
  int cellCount;
  int panelCount;
  int[] offsets = new int[0];
  int[] corners = new int[0];

  float[] source;
  int sourceOffset;
  float[] unpadded;
  int unpaddedOffset;
  float[] padded = new float[0];
  /** Packed weights ({@code [panel][t][lane]}) or the transposed gradient ({@code [panel][cell][lane]}). */
  float[] panels = new float[0];
  float[] weights;
  int weightsOffset;
  /** Whether the weights are packed for the transposed convolution (backward data). */
  boolean flipped;
  float[] gradient;
  int gradientOffset;
  /** The filter gradient's tiles, {@code [window tile][panel][row][lane]}. */
  float[] accumulators = new float[0];
  float[] out;
  int outOffset;
  float[] bias;
  int biasOffset;
  float beta;
  /** Per block: its tile and its six row indices. */
  private final float[][] tiles = new float[MAX_BLOCKS][];
  private final int[][] rows = new int[MAX_BLOCKS][];

  ImplicitConvolutionJob(boolean wide) {
    this.wide = wide;
    this.nr = wide ? WideGatherMicroKernel.NR : GatherMicroKernel.NR;
  }

  /** The source planes and their padding; grows the padded scratch to fit them. */
  void sourceShape(int batch, int channels, int height, int width, int padTop, int padBottom,
      int padLeft, int padRight) {
    this.batch = batch;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.padTop = padTop;
    this.padLeft = padLeft;
    this.paddedHeight = height + padTop + padBottom;
    this.paddedWidth = width + padLeft + padRight;
    if (padding()) {
      padded = grown(padded, (long) batch * channels * paddedHeight * paddedWidth);
    }
  }

  /** Whether any side is padded (else the source is read in place). */
  boolean padding() {
    return paddedHeight != height || paddedWidth != width;
  }

  /** The window of {@code s} (its size and dilation) at the given strides; fills {@code offsets}. */
  void window(ConvolutionShape s, int strideHeight, int strideWidth) {
    kernelHeight = s.kernelHeight();
    kernelWidth = s.kernelWidth();
    depth = channels * kernelHeight * kernelWidth;
    offsets = grown(offsets, depth);
    int t = 0;
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < kernelHeight; p++) {
        for (int q = 0; q < kernelWidth; q++) {
          offsets[t++] = (c * paddedHeight + p * s.dilationHeight()) * paddedWidth
              + q * s.dilationWidth();
        }
      }
    }
    this.strideHeight = strideHeight;
    this.strideWidth = strideWidth;
  }

  /** The output planes; fills {@code corners}. */
  void output(int outChannels, int outHeight, int outWidth) {
    this.outChannels = outChannels;
    this.outHeight = outHeight;
    this.outWidth = outWidth;
    this.panelCount = (outChannels + nr - 1) / nr;
    int cells = outHeight * outWidth;
    long count = (long) batch * cells;
    corners = grown(corners, count);
    cellCount = (int) count;
    int g = 0;
    for (int n = 0; n < batch; n++) {
      for (int i = 0; i < outHeight; i++) {
        for (int j = 0; j < outWidth; j++) {
          corners[g++] = ((n * channels) * paddedHeight + i * strideHeight) * paddedWidth
              + j * strideWidth;
        }
      }
    }
  }

  void growPanels(long size) {
    panels = grown(panels, size);
  }

  void growAccumulators(int windowTiles) {
    accumulators = grown(accumulators, (long) windowTiles * panelCount * MR * nr);
  }

  void clear() {
    source = null;
    unpadded = null;
    weights = null;
    gradient = null;
    out = null;
    bias = null;
  }

  @Override
  void run(int block, int from, int to) {
    switch (kind) {
      case PAD -> pad(from, to);
      case PACK_WEIGHTS -> packWeights(from, to);
      case TRANSPOSE_GRADIENT -> transposeGradient(from, to);
      case PRODUCT -> product(tile(block), rows(block), from, to);
      case FILTER -> filter(rows(block), from, to);
      default -> throw new IllegalStateException("unknown step " + kind);
    }
  }

  /** Copies source planes {@code from..to} into the middle of their padded planes, zeros around. */
  private void pad(int from, int to) {
    int plane = paddedHeight * paddedWidth;
    for (int unit = from; unit < to; unit++) {
      int in = unpaddedOffset + unit * height * width;
      int base = unit * plane;
      Arrays.fill(padded, base, base + padTop * paddedWidth, 0f);
      // Rows are short (14 to 32 floats at the CNN's shapes): plain loops, which C2
      // vectorizes, cost less here than a fill and a copy call per row (as in Im2col).
      for (int i = 0; i < height; i++, in += width) {
        int row = base + (padTop + i) * paddedWidth;
        int j = 0;
        for (; j < padLeft; j++) {
          padded[row + j] = 0f;
        }
        for (int end = padLeft + width, source = in - padLeft; j < end; j++) {
          padded[row + j] = unpadded[source + j];
        }
        for (; j < paddedWidth; j++) {
          padded[row + j] = 0f;
        }
      }
      Arrays.fill(padded, base + (padTop + height) * paddedWidth, base + plane, 0f);
    }
  }

  /**
   * Panels {@code from..to} of the weights, {@code [panel][t][lane]}, lanes past the last
   * channel zero. Forward reads {@code w[k][t]}; the transposed convolution reads {@code
   * w[t's channel][k][kh - 1 - p][kw - 1 - q]}, the window flipped and the channel axes swapped.
   */
  private void packWeights(int from, int to) {
    int area = kernelHeight * kernelWidth;
    for (int panel = from; panel < to; panel++) {
      int at = panel * depth * nr;
      for (int t = 0; t < depth; t++) {
        int c = t / area;
        int flippedCell = area - 1 - t % area;
        for (int lane = 0; lane < nr; lane++, at++) {
          int k = panel * nr + lane;
          if (k >= outChannels) {
            panels[at] = 0f;
          } else if (flipped) {
            panels[at] = weights[weightsOffset + (c * outChannels + k) * area + flippedCell];
          } else {
            panels[at] = weights[weightsOffset + k * depth + t];
          }
        }
      }
    }
  }

  /**
   * {@code panels[panel][n's cells][lane] = dy[n][panel * nr + lane][cell]} for units {@code n *
   * panelCount + panel}, lanes past the last channel zero. In blocks of 16 cells: each lane's
   * row then gives one cache line of {@code dy} and the block's panel rows stay in L1 while
   * they fill, where a loop over all the lanes of one cell read 32 rows far apart per cell.
   */
  private void transposeGradient(int from, int to) {
    int cells = outHeight * outWidth;
    for (int unit = from; unit < to; unit++) {
      int n = unit / panelCount;
      int panel = unit % panelCount;
      int base = (panel * cellCount + n * cells) * nr;
      int lanes = Math.min(nr, outChannels - panel * nr);
      int in = gradientOffset + (n * outChannels + panel * nr) * cells;
      for (int first = 0; first < cells; first += TRANSPOSE_BLOCK) {
        int last = Math.min(cells, first + TRANSPOSE_BLOCK);
        for (int lane = 0; lane < lanes; lane++) {
          int source = in + lane * cells;
          for (int cell = first, at = base + first * nr + lane; cell < last; cell++, at += nr) {
            panels[at] = gradient[source + cell];
          }
        }
        for (int lane = lanes; lane < nr; lane++) {
          for (int cell = first, at = base + first * nr + lane; cell < last; cell++, at += nr) {
            panels[at] = 0f;
          }
        }
      }
    }
  }

  /** Output tiles {@code from..to}: six cells each (the last may have fewer), every panel. */
  private void product(float[] tile, int[] row, int from, int to) {
    int cells = outHeight * outWidth;
    for (int unit = from; unit < to; unit++) {
      int first = unit * MR;
      int count = Math.min(MR, cellCount - first);
      for (int i = 0; i < MR; i++) {
        row[i] = sourceOffset + corners[first + Math.min(i, count - 1)]; // spare rows repeat the last
      }
      for (int panel = 0; panel < panelCount; panel++) {
        Arrays.fill(tile, 0f);
        multiply(depth, row, offsets, 0, panel * depth * nr, tile, 0);
        int lanes = Math.min(nr, outChannels - panel * nr);
        int sample = first / cells;
        int cell = first % cells;
        for (int i = 0; i < count; i++, cell++) {
          if (cell == cells) {
            sample++;
            cell = 0;
          }
          int at = outOffset + (sample * outChannels + panel * nr) * cells + cell;
          if (bias == null) {
            for (int lane = 0; lane < lanes; lane++, at += cells) {
              out[at] = tile[i * nr + lane];
            }
          } else {
            int b = biasOffset + panel * nr;
            for (int lane = 0; lane < lanes; lane++, at += cells) {
              out[at] = tile[i * nr + lane] + bias[b + lane];
            }
          }
        }
      }
    }
  }

  /**
   * Window tiles {@code from..to} of the filter gradient: every block of cells for each of them,
   * then {@code dw[k][t] = beta * dw[k][t] + sum}.
   */
  private void filter(int[] row, int from, int to) {
    int tileSize = MR * nr;
    Arrays.fill(accumulators, from * panelCount * tileSize, to * panelCount * tileSize, 0f);
    for (int first = 0; first < cellCount; first += ImplicitConvolution.CELL_BLOCK) {
      int count = Math.min(ImplicitConvolution.CELL_BLOCK, cellCount - first);
      for (int unit = from; unit < to; unit++) {
        int t0 = unit * MR;
        for (int i = 0; i < MR; i++) {
          row[i] = sourceOffset + offsets[Math.min(t0 + i, depth - 1)];
        }
        for (int panel = 0; panel < panelCount; panel++) {
          multiply(count, row, corners, first, (panel * cellCount + first) * nr, accumulators,
              (unit * panelCount + panel) * tileSize);
        }
      }
    }
    for (int unit = from; unit < to; unit++) {
      for (int i = 0; i < MR && unit * MR + i < depth; i++) {
        int t = unit * MR + i;
        for (int k = 0; k < outChannels; k++) {
          float sum = accumulators[(unit * panelCount + k / nr) * tileSize + i * nr + k % nr];
          int at = outOffset + k * depth + t;
          out[at] = beta == 0f ? sum : beta * out[at] + sum;
        }
      }
    }
  }

  private void multiply(int count, int[] row, int[] columns, int from, int vi, float[] tile,
      int t0) {
    if (wide) {
      WideGatherMicroKernel.multiply(count, source, row, columns, from, panels, vi, tile, t0);
    } else {
      GatherMicroKernel.multiply(count, source, row, columns, from, panels, vi, tile, t0);
    }
  }

  private float[] tile(int block) {
    float[] tile = tiles[block];
    if (tile == null) {
      tile = new float[MR * nr];
      tiles[block] = tile;
    }
    return tile;
  }

  private int[] rows(int block) {
    int[] row = rows[block];
    if (row == null) {
      row = new int[MR];
      rows[block] = row;
    }
    return row;
  }

  private static float[] grown(float[] buffer, long size) {
    return buffer.length >= size ? buffer : new float[checked(size)];
  }

  private static int[] grown(int[] buffer, long size) {
    return buffer.length >= size ? buffer : new int[checked(size)];
  }

  private static int checked(long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a convolution's scratch of " + size
          + " values is more than a Java array holds");
    }
    return (int) size;
  }
}
