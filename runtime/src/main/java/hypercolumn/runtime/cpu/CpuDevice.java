package hypercolumn.runtime.cpu;

import static hypercolumn.runtime.TensorChecks.checkGemmSizes;
import static hypercolumn.runtime.cpu.HostArguments.checkMatrix;
import static hypercolumn.runtime.cpu.HostArguments.checkRange;

import hypercolumn.runtime.AdamBiasCorrection;
import hypercolumn.runtime.Convolutions;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.ScalarResult;
import hypercolumn.runtime.Tensor;

/**
 * The CPU device: host float arrays and multi-threaded Java kernels. One thread at a time may
 * call a device (generated code and the trainer do); the device splits the work of each call
 * among its own worker threads. A steady-state call allocates nothing: every parallel loop is a
 * preallocated job object whose fields are set before it runs.
 */
public final class CpuDevice implements Device {
  /** Below this many elements a pointwise call runs on the calling thread alone. */
  static final int PARALLEL_ELEMENTS = 32 * 1024;

  /**
   * Below this many elements a row-wise call (fused kernel, softmax, bias sums) runs on the
   * calling thread alone. Far lower than {@link #PARALLEL_ELEMENTS}: split by rows like the GEMM
   * before it, such a call finds its rows in the cache of the core that wrote them, which saves
   * more than the handoff costs (about 60 us a step of the 784-256-128-10 MLP at batch 128).
   */
  static final int PARALLEL_ROW_ELEMENTS = 4 * 1024;

  private final WorkerPool pool;
  private final Jobs jobs;
  private final GemmKernel gemm;
  private final VectorApiStatus vectorApi;
  private volatile boolean closed;
  private final HostArguments arguments = new HostArguments(this);
  /** Made on the first {@link #convolutions()}: a dense network never pays for its workspaces. */
  private CpuConvolutions convolutions;
  private final HostLosses losses;
  /** Where the losses that return their value are written; the host reads it at once. */
  private final ScalarResult scalarResult = new ScalarResult() {
    private final CpuTensor slot = new CpuTensor(CpuDevice.this, 1);

    @Override
    public Tensor target(String operation) {
      checkOpen();
      return slot;
    }

    @Override
    public float read() {
      return slot.hostArray()[0];
    }
  };

  /**
   * A device that runs each call on up to {@code threads} threads, the caller's included. Its
   * GEMM uses the Java Vector API when the JVM was started with {@code --add-modules
   * jdk.incubator.vector} on a CPU with 256-bit vectors, else plain Java.
   *
   * @param threads the number of threads, at least 1; {@link #defaultThreads()} suits most uses
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public CpuDevice(int threads) {
    this(threads, VectorApiStatus.detect());
  }

  /**
   * A device with {@code threads} threads whose GEMM uses the Java Vector API if {@code
   * vectorGemm}, which needs the module jdk.incubator.vector.
   */
  CpuDevice(int threads, boolean vectorGemm) {
    this(threads, VectorApiStatus.chosen(vectorGemm));
  }

  private CpuDevice(int threads, VectorApiStatus vectorApi) {
    boolean vectorGemm = vectorApi.vector();
    this.vectorApi = vectorApi;
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    pool = new WorkerPool(threads);
    gemm = GemmKernel.create(pool, vectorGemm);
    jobs = new Jobs(pool, vectorGemm);
    losses = new HostLosses(arguments, jobs);
  }

  /**
   * The number of available processors, unless the system property {@code hypercolumn.threads}
   * gives another positive number.
   *
   * @return the number of threads a device gets by default, at least 1
   * @throws IllegalArgumentException if {@code hypercolumn.threads} is set but not a positive
   *     integer
   */
  public static int defaultThreads() {
    String property = System.getProperty("hypercolumn.threads");
    if (property == null || property.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(property.trim());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "system property hypercolumn.threads must be a positive integer, found '" + property + "'");
  }

  /** {@return the number of threads that run each call, the caller's included} */
  public int threads() {
    return pool.threads();
  }

  /**
   * One line such as {@code CPU, 8 threads, vector GEMM}. When the plain GEMM runs it says why
   * and, if the Vector API module is absent, the flag that adds it: {@code CPU, 8 threads, plain
   * GEMM: module jdk.incubator.vector is absent, ...; enable it with java --add-modules
   * jdk.incubator.vector (...)}.
   */
  @Override
  public String describe() {
    int threads = pool.threads();
    return "CPU, " + threads + (threads == 1 ? " thread" : " threads") + ", "
        + vectorApi.describe();
  }

  /**
   * Which GEMM this device runs: {@code "vector"} (Java Vector API, chosen when the JVM was
   * started with {@code --add-modules jdk.incubator.vector} on a CPU with 256-bit vectors) or
   * {@code "plain"} (plain Java, also forced by {@code -Dhypercolumn.gemm=plain}); {@link
   * #describe()} says why.
   *
   * @return {@code "vector"} or {@code "plain"}
   */
  public String gemmKernel() {
    return gemm.name();
  }

  /** The vector GEMM's micro-kernel tile ({@link MicroKernelChoice}), as {@code 6x16}; "none" on the plain GEMM. */
  String gemmTile() {
    return gemm instanceof VectorGemmEngine vector ? vector.tile().label() : "none";
  }

  /** The threads that run this device's parallel loops, for its other kernels. */
  WorkerPool pool() {
    return pool;
  }

  /** The GEMM this device runs, for kernels built on matrix products. */
  GemmKernel gemmEngine() {
    return gemm;
  }

  /** The checks of this device's tensor arguments, shared with its other kernels. */
  HostArguments arguments() {
    return arguments;
  }

  @Override
  public synchronized Convolutions convolutions() {
    checkOpen();
    if (convolutions == null) {
      convolutions = new CpuConvolutions(this);
    }
    return convolutions;
  }

  @Override
  public Tensor allocate(int size) {
    checkOpen();
    return new CpuTensor(this, size);
  }

  /** A tensor over {@code values} itself: the device computes on it in place. */
  @Override
  public Tensor hostView(float[] values) {
    checkOpen();
    if (values == null) {
      throw new NullPointerException("values is null");
    }
    return new CpuTensor(this, values);
  }

  @Override
  public void upload(float[] source, int sourceOffset, Tensor target, int targetOffset, int count) {
    float[] t = arguments.writable(target, "target");
    checkRange(source, sourceOffset, count, "source");
    checkRange(t, targetOffset, count, "target");
    System.arraycopy(source, sourceOffset, t, targetOffset, count);
  }

  @Override
  public void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count) {
    float[] s = arguments.host(source, "source");
    checkRange(s, sourceOffset, count, "source");
    checkRange(target, targetOffset, count, "target");
    System.arraycopy(s, sourceOffset, target, targetOffset, count);
  }

  @Override
  public void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count) {
    float[] s = arguments.host(source, "source");
    float[] t = arguments.writable(target, "target");
    checkRange(s, sourceOffset, count, "source");
    checkRange(t, targetOffset, count, "target");
    System.arraycopy(s, sourceOffset, t, targetOffset, count);
  }

  @Override
  public void fill(Tensor target, int offset, int count, float value) {
    float[] array = arguments.writable(target, "target");
    checkRange(array, offset, count, "target");
    java.util.Arrays.fill(array, offset, offset + count, value);
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      Tensor a, int aOffset, int lda, Tensor b, int bOffset, int ldb,
      float beta, Tensor c, int cOffset, int ldc) {
    checkGemmSizes(m, n, k);
    float[] aa = arguments.host(a, "A");
    float[] bb = arguments.host(b, "B");
    float[] cc = arguments.writable(c, "C");
    if (m == 0 || n == 0) {
      return;
    }
    checkMatrix(cc, cOffset, m, n, ldc, "C");
    if (k > 0) {
      checkMatrix(aa, aOffset, transposeA ? k : m, transposeA ? m : k, lda, "A");
      checkMatrix(bb, bOffset, transposeB ? n : k, transposeB ? k : n, ldb, "B");
    }
    if (arguments.isReadOnly(b)) {
      gemm.gemmFixedB(transposeA, transposeB, m, n, k, alpha, aa, aOffset, lda, bb, bOffset, ldb,
          beta, cc, cOffset, ldc);
    } else {
      gemm.gemm(transposeA, transposeB, m, n, k, alpha, aa, aOffset, lda, bb, bOffset, ldb,
          beta, cc, cOffset, ldc);
    }
  }

  @Override
  public void sumRows(
      Tensor in, int inOffset, int rows, int columns, float beta, Tensor out, int outOffset) {
    float[] input = arguments.host(in, "in");
    float[] output = arguments.writable(out, "out");
    checkRange(input, inOffset, rows * columns, "in");
    checkRange(output, outOffset, columns, "out");
    jobs.sumRows(input, inOffset, rows, columns, beta, output, outOffset);
  }

  @Override
  public void launch(
      FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey) {
    jobs.launch(kernel, rows, tensors, offsets, scalars, rngKey);
  }

  @Override
  public void softmax(Tensor in, int inOffset, Tensor out, int outOffset, int rows, int columns) {
    float[] x = arguments.host(in, "in");
    float[] y = arguments.writable(out, "out");
    checkRange(x, inOffset, rows * columns, "in");
    checkRange(y, outOffset, rows * columns, "out");
    jobs.softmax(x, inOffset, y, outOffset, rows, columns);
  }

  @Override
  public void softmaxBackward(
      Tensor y, int yOffset, Tensor dy, int dyOffset, Tensor dx, int dxOffset, int rows,
      int columns) {
    float[] yy = arguments.host(y, "y");
    float[] dyy = arguments.host(dy, "dy");
    float[] dxx = arguments.writable(dx, "dx");
    int size = rows * columns;
    checkRange(yy, yOffset, size, "y");
    checkRange(dyy, dyOffset, size, "dy");
    checkRange(dxx, dxOffset, size, "dx");
    jobs.softmaxBackward(yy, yOffset, dyy, dyOffset, dxx, dxOffset, rows, columns);
  }

  @Override
  public void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset) {
    losses.softmaxCrossEntropy(logits, logitsOffset, labels, labelsOffset, rows, classes,
        logitsAreProbabilities, gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    losses.binaryCrossEntropyWithLogits(logits, logitsOffset, targets, targetsOffset, count,
        gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    losses.meanSquaredError(predictions, predictionsOffset, targets, targetsOffset, count,
        gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    losses.perceptronCriterion(predictions, predictionsOffset, targets, targetsOffset, rows,
        columns, gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset) {
    losses.regularize(parameters, gradients, offset, count, l1, l2, result, resultOffset);
  }

  /**
   * While the scope is open, products whose B is {@code tensor} (a layer's weights) pack it once
   * and reuse the packing, and device calls that would write it throw.
   */
  @Override
  public ReadOnlyScope readOnly(Tensor tensor) {
    arguments.host(tensor, "tensor");
    checkOpen();
    return arguments.open(tensor, gemm::forgetFixedOperands);
  }

  @Override
  public HostCopy hostCopy(int capacity) {
    return new CpuHostCopy(this, capacity);
  }

  @Override
  public void sgdUpdate(
      Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr, float momentum,
      boolean nesterov) {
    float[] p = arguments.writable(parameters, "parameters");
    float[] g = arguments.host(gradients, "gradients");
    checkRange(p, 0, count, "parameters");
    checkRange(g, 0, count, "gradients");
    float[] v = null;
    if (momentum != 0) {
      v = arguments.writable(velocity, "velocity");
      checkRange(v, 0, count, "velocity");
    }
    jobs.sgd(p, g, v, count, lr, momentum, nesterov);
  }

  @Override
  public void rmsPropUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float alpha,
      float eps, float momentum) {
    float[] p = arguments.writable(parameters, "parameters");
    float[] g = arguments.host(gradients, "gradients");
    float[] s = arguments.writable(state, "state");
    checkRange(p, 0, count, "parameters");
    checkRange(g, 0, count, "gradients");
    checkRange(s, 0, momentum > 0 ? 2 * count : count, "state");
    jobs.rmsProp(p, g, s, count, lr, alpha, eps, momentum);
  }

  @Override
  public void adamUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float beta1,
      float beta2, float eps, int step) {
    AdamBiasCorrection.checkStep(step);
    float[] p = arguments.writable(parameters, "parameters");
    float[] g = arguments.host(gradients, "gradients");
    float[] s = arguments.writable(state, "state");
    checkRange(p, 0, count, "parameters");
    checkRange(g, 0, count, "gradients");
    checkRange(s, 0, 2 * count, "state");
    jobs.adam(p, g, s, count, beta1, beta2, eps, AdamBiasCorrection.stepSize(lr, beta1, step),
        AdamBiasCorrection.secondMomentScale(beta2, step));
  }

  @Override
  public ScalarResult scalarResult() {
    return scalarResult;
  }

  @Override
  public void close() {
    closed = true;
    pool.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the CPU device was closed");
    }
  }

}
