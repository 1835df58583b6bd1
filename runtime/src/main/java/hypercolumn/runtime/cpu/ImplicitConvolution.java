package hypercolumn.runtime.cpu;

import hypercolumn.runtime.ConvolutionShape;

/**
 * Convolution as an implicit GEMM on the Vector API: the GEMM's register tile, with the image
 * read in place through index tables ({@link GatherMicroKernel}) instead of being copied into a
 * column matrix and then packed again. At the Fashion-MNIST CNN's shapes the two copies cost
 * about as much as the products themselves (each value of the column matrix meets only the 64
 * filters of its layer), which is what this saves.
 *
 * <ul>
 *   <li>Forward: a tile is 6 output cells (which may lie in different rows or samples) times a
 *       panel of output channels; {@code t} walks the kernel window, {@code c, p, q}, over the
 *       zero-padded input, and the weights are packed as {@code [panel][c, p, q][channel]}.
 *   <li>Backward data, at stride 1: the same walk over the zero-padded output gradient with the
 *       weights flipped in space and their two channel axes swapped, which is the transposed
 *       convolution. Other strides use {@link CpuConvolutions}'s col2im.
 *   <li>Backward filter: a tile is 6 window offsets {@code (c, p, q)} times a panel of output
 *       channels; {@code t} walks the output cells, {@code dy} transposed to {@code
 *       [panel][cell][channel]}. The cells go in blocks of {@link #CELL_BLOCK}, each block for
 *       every tile, so a block's gradient stays in cache while all the tiles read it; each tile
 *       sums its cells in order, so the result does not depend on the number of threads.
 * </ul>
 *
 * <p>Scratch arrays grow to the largest shape seen and are then reused: steady-state calls
 * allocate nothing. One thread at a time may call it, as on its device.
 */
final class ImplicitConvolution {
  /** Output cells per block of the filter gradient: a block of {@code dy} (cells x 32 floats) is 32 KiB. */
  static final int CELL_BLOCK = 256;

  private final WorkerPool pool;
  private final ImplicitConvolutionJob job;

  /**
   * @param tile the GEMM's tile: {@link MicroKernelChoice.Tile#WIDE} runs the 512-bit kernel,
   *     {@link MicroKernelChoice.Tile#SIX_ROWS} the 256-bit one
   * @throws IllegalArgumentException for a tile {@link #supports} refuses
   */
  ImplicitConvolution(WorkerPool pool, MicroKernelChoice.Tile tile) {
    if (!supports(tile)) {
      throw new IllegalArgumentException("no implicit convolution kernel for the " + tile.label()
          + " tile; expected 6x16 or 6x32");
    }
    this.pool = pool;
    this.job = new ImplicitConvolutionJob(tile == MicroKernelChoice.Tile.WIDE);
  }

  /**
   * Whether a kernel exists for the GEMM's tile. The 4 x 16 tile is chosen where six rows of
   * broadcasts spill accumulators (AVX2 on newer JDKs); there the column matrix path runs.
   */
  static boolean supports(MicroKernelChoice.Tile tile) {
    return tile == MicroKernelChoice.Tile.WIDE || tile == MicroKernelChoice.Tile.SIX_ROWS;
  }

  /**
   * Whether a product with {@code channels} output channels fills at least half a panel. With
   * fewer, most of each multiply-add is spent on lanes that are thrown away (a first layer's
   * single input channel in backward data would waste 31 of 32), and the column matrix path,
   * whose tile puts channels on its six rows, runs faster.
   */
  boolean fills(int channels) {
    return 2 * channels >= job.nr;
  }

  /**
   * Whether {@link #backwardData} takes the shape: stride 1 both ways, and no side padded by
   * more than the dilated kernel reaches (else the transposed walk would need negative padding).
   */
  static boolean supportsBackwardData(ConvolutionShape s) {
    int reachHeight = s.dilationHeight() * (s.kernelHeight() - 1);
    int reachWidth = s.dilationWidth() * (s.kernelWidth() - 1);
    return s.strideHeight() == 1 && s.strideWidth() == 1
        && Math.max(s.padTop(), s.padBottom()) <= reachHeight
        && Math.max(s.padLeft(), s.padRight()) <= reachWidth;
  }

  /** {@code y = conv(x, w) (+ bias)}, NCHW; {@code bias} may be null. */
  void forward(ConvolutionShape s, float[] x, int xOffset, float[] w, int wOffset, float[] bias,
      int biasOffset, float[] y, int yOffset) {
    ImplicitConvolutionJob j = job;
    forwardWalk(s);
    j.source = padded(x, xOffset);
    packWeights(w, wOffset, false);
    j.bias = bias;
    j.biasOffset = biasOffset;
    product(y, yOffset);
  }

  /** {@code dx = conv^T(dy, w)}, overwritten; only where {@link #supportsBackwardData}. */
  void backwardData(ConvolutionShape s, float[] dy, int dyOffset, float[] w, int wOffset,
      float[] dx, int dxOffset) {
    int reachHeight = s.dilationHeight() * (s.kernelHeight() - 1);
    int reachWidth = s.dilationWidth() * (s.kernelWidth() - 1);
    ImplicitConvolutionJob j = job;
    j.sourceShape(s.batch(), s.outChannels(), s.outHeight(), s.outWidth(), reachHeight - s.padTop(),
        reachHeight - s.padBottom(), reachWidth - s.padLeft(), reachWidth - s.padRight());
    j.window(s, 1, 1);
    j.output(s.inChannels(), s.height(), s.width());
    j.source = padded(dy, dyOffset);
    packWeights(w, wOffset, true);
    j.bias = null;
    product(dx, dxOffset);
  }

  /** {@code dw = beta * dw + dy (x) x} summed over the batch; beta 0 overwrites. */
  void backwardFilter(ConvolutionShape s, float[] x, int xOffset, float[] dy, int dyOffset,
      float beta, float[] dw, int dwOffset) {
    ImplicitConvolutionJob j = job;
    forwardWalk(s);
    j.source = padded(x, xOffset);
    j.gradient = dy;
    j.gradientOffset = dyOffset;
    j.growPanels((long) j.panelCount * j.cellCount * j.nr);
    run(ImplicitConvolutionJob.TRANSPOSE_GRADIENT, s.batch() * j.panelCount,
        (long) j.cellCount * j.panelCount * j.nr);
    j.beta = beta;
    j.out = dw;
    j.outOffset = dwOffset;
    int windowTiles = ceilDiv(j.depth, ImplicitConvolutionJob.MR);
    j.growAccumulators(windowTiles);
    try {
      run(ImplicitConvolutionJob.FILTER, windowTiles, (long) j.cellCount * j.depth * j.outChannels);
    } finally {
      j.clear();
    }
  }

  /** The forward pass's walk: the input padded as {@code s} says, at its strides, into its output. */
  private void forwardWalk(ConvolutionShape s) {
    ImplicitConvolutionJob j = job;
    j.sourceShape(s.batch(), s.inChannels(), s.height(), s.width(), s.padTop(), s.padBottom(),
        s.padLeft(), s.padRight());
    j.window(s, s.strideHeight(), s.strideWidth());
    j.output(s.outChannels(), s.outHeight(), s.outWidth());
  }

  /** Packs the weights into panels for the walk, flipped for the transposed convolution. */
  private void packWeights(float[] w, int wOffset, boolean flipped) {
    ImplicitConvolutionJob j = job;
    j.weights = w;
    j.weightsOffset = wOffset;
    j.flipped = flipped;
    j.growPanels((long) j.panelCount * j.depth * j.nr);
    run(ImplicitConvolutionJob.PACK_WEIGHTS, j.panelCount, (long) j.panelCount * j.depth * j.nr);
  }

  /** Pads the walk's source into scratch (or uses it in place if nothing pads) and returns it. */
  private float[] padded(float[] source, int offset) {
    ImplicitConvolutionJob j = job;
    if (!j.padding()) {
      j.sourceOffset = offset;
      return source;
    }
    j.unpadded = source;
    j.unpaddedOffset = offset;
    j.sourceOffset = 0;
    run(ImplicitConvolutionJob.PAD, j.batch * j.channels, (long) j.batch * j.channels
        * j.height * j.width);
    j.unpadded = null;
    return j.padded;
  }

  /** The walk's product into {@code out}: tiles of output cells times panels of channels. */
  private void product(float[] out, int outOffset) {
    ImplicitConvolutionJob j = job;
    j.out = out;
    j.outOffset = outOffset;
    try {
      run(ImplicitConvolutionJob.PRODUCT, ceilDiv(j.cellCount, ImplicitConvolutionJob.MR),
          (long) j.cellCount * j.depth * j.outChannels);
    } finally {
      j.clear();
    }
  }

  private void run(int kind, int units, long work) {
    ImplicitConvolutionJob j = job;
    j.kind = kind;
    int threads = work >= CpuDevice.PARALLEL_ELEMENTS ? pool.threads() : 1;
    pool.run(j, j.prepare(units, 1, threads), threads);
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }
}
