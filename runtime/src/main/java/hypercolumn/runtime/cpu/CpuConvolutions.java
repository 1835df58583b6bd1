package hypercolumn.runtime.cpu;

import static hypercolumn.runtime.cpu.HostArguments.checkRange;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.Convolutions;
import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.Tensor;
import java.util.Objects;

/**
 * Convolution and pooling on the CPU device. Where the device's vector GEMM runs its 6 x 16 or
 * 6 x 32 tile, a convolution is an implicit GEMM ({@link ImplicitConvolution}): the GEMM's
 * register tile reads the padded image through index tables. At the Fashion-MNIST CNN's shapes it
 * is 1.2x to 3x faster than the column matrix path below (benchmarks/results/2026-12-06-conv.md),
 * since each value of a column matrix meets only the layer's 32 or 64 filters and writing and
 * packing it cost about as much as the products.
 *
 * <p>The column matrix path (im2col and the device's GEMM) runs elsewhere: on the plain GEMM, on
 * the 4 x 16 tile, for products with fewer output channels than half the implicit kernel's panel,
 * for the input gradient at strides above 1, and under {@code -Dhypercolumn.conv=im2col}. It
 * works on chunks of samples: each chunk's column matrix ({@link Im2col}) is at most {@link
 * #COLUMN_FLOATS} floats, so it stays in the outer caches, and holds several samples where they
 * are small, so every product is wide enough to keep both cores and the GEMM's micro-kernel busy.
 * The products: forward {@code W x col}, backward data {@code W^T x dy} folded back by col2im,
 * backward filter {@code dy x col^T} added over the chunks. A direct loop nest measured about 10x
 * slower than either at 32->64 channels (ConvBenchmark).
 *
 * <p>Pooling is {@link Pooling}'s, with 2x2 maxima on the Vector API where it is present ({@link
 * VectorPooling}).
 *
 * <p>Scratch memory is kept and grown to the largest shape seen, never allocated per call, so
 * steady-state calls allocate nothing. As the device it belongs to, one thread at a time may call
 * it.
 */
public final class CpuConvolutions implements Convolutions {
  /** Floats of a chunk's column matrix at most, unless one sample needs more. */
  static final int COLUMN_FLOATS = 1 << 21;

  /** The system property that picks the algorithm: {@code implicit} (the default) or {@code im2col}. */
  static final String ALGORITHM_PROPERTY = "hypercolumn.conv";

  private final HostArguments arguments;
  private final GemmKernel gemm;
  private final ConvolutionJobs jobs;
  /** The implicit GEMM where the device's vector GEMM has a kernel for it, else null. */
  private final ImplicitConvolution implicit;
  private float[] columns = new float[0];
  private float[] product = new float[0];

  /**
   * The convolutions of {@code device}, run on its threads and its GEMM; {@link
   * CpuDevice#convolutions()} makes one on first use.
   *
   * @param device the CPU device whose threads and GEMM run the convolutions
   * @throws NullPointerException if {@code device} is null
   */
  public CpuConvolutions(CpuDevice device) {
    this(device, implicitTile(Objects.requireNonNull(device, "device")));
  }

  /**
   * The convolutions of {@code device} on the implicit GEMM with {@code tile}'s kernel, or with
   * a null {@code tile} on im2col and the device's GEMM: the public constructor's tile is the
   * device's where the implicit GEMM has a kernel for it; tests name one.
   */
  CpuConvolutions(CpuDevice device, MicroKernelChoice.Tile tile) {
    Objects.requireNonNull(device, "device");
    this.arguments = device.arguments();
    this.gemm = device.gemmEngine();
    this.jobs = new ConvolutionJobs(device.pool(), gemm instanceof VectorGemmEngine);
    this.implicit = tile == null ? null : new ImplicitConvolution(device.pool(), tile);
  }

  /**
   * Which algorithm the convolutions run: the implicit GEMM where the device's vector GEMM has a
   * kernel for it (its 6 x 16 or 6 x 32 tile) and the system property {@code hypercolumn.conv}
   * is not {@code im2col}, else im2col with the GEMM. Products with fewer output channels than
   * half the kernel's panel take im2col on either.
   *
   * @return {@code "implicit-gemm"} or {@code "im2col-gemm"}
   */
  public String algorithm() {
    return implicit != null ? "implicit-gemm" : "im2col-gemm";
  }

  /**
   * The GEMM's tile of {@code device} where the implicit GEMM has a kernel for it and is wanted,
   * else null (the column matrix path).
   */
  private static MicroKernelChoice.Tile implicitTile(CpuDevice device) {
    return device.gemmEngine() instanceof VectorGemmEngine vector && implicitWanted()
        && ImplicitConvolution.supports(vector.tile()) ? vector.tile() : null;
  }

  /**
   * False when the system property {@value #ALGORITHM_PROPERTY} is {@code im2col}, which keeps
   * the column matrix path (for comparing the two); {@code implicit} or unset leave the choice
   * to the GEMM's tile.
   */
  static boolean implicitWanted() {
    String property = System.getProperty(ALGORITHM_PROPERTY);
    if (property == null || property.isBlank() || property.trim().equals("implicit")) {
      return true;
    }
    if (property.trim().equals("im2col")) {
      return false;
    }
    throw new IllegalArgumentException("system property " + ALGORITHM_PROPERTY
        + " must be implicit or im2col (the CPU's convolution algorithm), found '" + property + "'");
  }

  @Override
  public void convolutionForward(ConvolutionShape shape, Tensor x, int xOffset, Tensor w,
      int wOffset, Tensor bias, int biasOffset, Tensor y, int yOffset) {
    Objects.requireNonNull(shape, "shape");
    float[] input = input(x, xOffset, shape.inputSize(), "x");
    float[] weight = input(w, wOffset, shape.weightSize(), "w");
    float[] b = bias == null ? null : input(bias, biasOffset, shape.outChannels(), "bias");
    float[] output = output(y, yOffset, shape.outputSize(), "y");
    if (implicit != null && implicit.fills(shape.outChannels())) {
      implicit.forward(shape, input, xOffset, weight, wOffset, b, biasOffset, output, yOffset);
      return;
    }
    int rows = rows(shape);
    int chunk = chunk(shape);
    for (int first = 0; first < shape.batch(); first += chunk) {
      int samples = Math.min(chunk, shape.batch() - first);
      int width = samples * cells(shape);
      jobs.im2col(shape, input, xOffset, first, samples, columns);
      gemm.gemm(false, false, shape.outChannels(), width, rows, 1f, weight, wOffset, rows,
          columns, 0, width, 0f, product, 0, width);
      jobs.scatter(shape, product, first, samples, b, biasOffset, output, yOffset);
    }
  }

  @Override
  public void convolutionBackwardData(ConvolutionShape shape, Tensor dy, int dyOffset, Tensor w,
      int wOffset, Tensor dx, int dxOffset) {
    Objects.requireNonNull(shape, "shape");
    float[] gradient = input(dy, dyOffset, shape.outputSize(), "dy");
    float[] weight = input(w, wOffset, shape.weightSize(), "w");
    float[] inputGradient = output(dx, dxOffset, shape.inputSize(), "dx");
    if (implicit != null && ImplicitConvolution.supportsBackwardData(shape)
        && implicit.fills(shape.inChannels())) {
      implicit.backwardData(shape, gradient, dyOffset, weight, wOffset, inputGradient, dxOffset);
      return;
    }
    int rows = rows(shape);
    int chunk = chunk(shape);
    for (int first = 0; first < shape.batch(); first += chunk) {
      int samples = Math.min(chunk, shape.batch() - first);
      int width = samples * cells(shape);
      jobs.gather(shape, gradient, dyOffset, first, samples, product);
      gemm.gemm(true, false, rows, width, shape.outChannels(), 1f, weight, wOffset, rows,
          product, 0, width, 0f, columns, 0, width);
      jobs.col2im(shape, columns, first, samples, inputGradient, dxOffset);
    }
  }

  @Override
  public void convolutionBackwardFilter(ConvolutionShape shape, Tensor x, int xOffset, Tensor dy,
      int dyOffset, float beta, Tensor dw, int dwOffset) {
    Objects.requireNonNull(shape, "shape");
    float[] input = input(x, xOffset, shape.inputSize(), "x");
    float[] gradient = input(dy, dyOffset, shape.outputSize(), "dy");
    float[] weightGradient = output(dw, dwOffset, shape.weightSize(), "dw");
    if (implicit != null && implicit.fills(shape.outChannels())) {
      implicit.backwardFilter(shape, input, xOffset, gradient, dyOffset, beta, weightGradient,
          dwOffset);
      return;
    }
    int rows = rows(shape);
    int chunk = chunk(shape);
    float scale = beta;
    for (int first = 0; first < shape.batch(); first += chunk) {
      int samples = Math.min(chunk, shape.batch() - first);
      int width = samples * cells(shape);
      jobs.im2col(shape, input, xOffset, first, samples, columns);
      jobs.gather(shape, gradient, dyOffset, first, samples, product);
      gemm.gemm(false, true, shape.outChannels(), rows, width, 1f, product, 0, width, columns, 0,
          width, scale, weightGradient, dwOffset, rows);
      scale = 1f; // later chunks add to the first
    }
  }

  @Override
  public void convolutionBackwardBias(ConvolutionShape shape, Tensor dy, int dyOffset, float beta,
      Tensor db, int dbOffset) {
    Objects.requireNonNull(shape, "shape");
    float[] gradient = input(dy, dyOffset, shape.outputSize(), "dy");
    float[] biasGradient = output(db, dbOffset, shape.outChannels(), "db");
    jobs.biasGradient(shape, gradient, dyOffset, beta, biasGradient, dbOffset);
  }

  @Override
  public void poolingForward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset) {
    Objects.requireNonNull(shape, "shape");
    float[] input = input(x, xOffset, shape.inputSize(), "x");
    float[] output = output(y, yOffset, shape.outputSize(), "y");
    jobs.poolingForward(shape, input, xOffset, output, yOffset);
  }

  /** {@code y} is checked but not read: the maximum's cell is found again from {@code x}. */
  @Override
  public void poolingBackward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset,
      Tensor dy, int dyOffset, Tensor dx, int dxOffset) {
    Objects.requireNonNull(shape, "shape");
    float[] input = input(x, xOffset, shape.inputSize(), "x");
    input(y, yOffset, shape.outputSize(), "y");
    float[] gradient = input(dy, dyOffset, shape.outputSize(), "dy");
    float[] inputGradient = output(dx, dxOffset, shape.inputSize(), "dx");
    jobs.poolingBackward(shape, input, xOffset, gradient, dyOffset, inputGradient, dxOffset);
  }

  private float[] input(Tensor tensor, int offset, int count, String name) {
    float[] array = arguments.host(tensor, name);
    checkRange(array, offset, count, name);
    return array;
  }

  private float[] output(Tensor tensor, int offset, int count, String name) {
    float[] array = arguments.writable(tensor, name);
    checkRange(array, offset, count, name);
    return array;
  }

  private static int rows(ConvolutionShape shape) {
    return shape.inChannels() * shape.kernelHeight() * shape.kernelWidth();
  }

  private static int cells(ConvolutionShape shape) {
    return shape.outHeight() * shape.outWidth();
  }

  /**
   * Samples per chunk: as many as fit {@link #COLUMN_FLOATS}, at least one, spread evenly over
   * the chunks the batch needs; grows the workspace to fit one chunk.
   */
  private int chunk(ConvolutionShape shape) {
    long perSample = (long) rows(shape) * cells(shape);
    int most = (int) Math.max(1, Math.min(shape.batch(), COLUMN_FLOATS / perSample));
    int chunks = (shape.batch() + most - 1) / most;
    int chunk = (shape.batch() + chunks - 1) / chunks;
    long columnFloats = perSample * chunk;
    long productFloats = (long) shape.outChannels() * cells(shape) * chunk;
    if (columnFloats > Integer.MAX_VALUE - 8 || productFloats > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("one sample of " + shape + " needs a column matrix of "
          + columnFloats + " floats, more than a Java array holds");
    }
    if (columns.length < columnFloats) {
      columns = new float[(int) columnFloats];
    }
    if (product.length < productFloats) {
      product = new float[(int) productFloats];
    }
    return chunk;
  }
}
