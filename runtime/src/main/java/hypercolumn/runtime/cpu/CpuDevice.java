package hypercolumn.runtime.cpu;

import hypercolumn.runtime.AdamBiasCorrection;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.ScalarResult;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.TensorChecks;

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
  /** The open {@link ReadOnlyScope} and its tensor, or null. */
  private ReadOnlyScope openScope;
  private Tensor readOnly;
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

  /** A device that runs each call on up to {@code threads} threads, the caller's included. */
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
  }

  /**
   * The number of available processors, unless the system property {@code hypercolumn.threads}
   * gives another positive number.
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

  /** Threads that run each call, the caller's included. */
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
   */
  public String gemmKernel() {
    return gemm.name();
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
    float[] t = writable(target, "target");
    checkRange(source, sourceOffset, count, "source");
    checkRange(t, targetOffset, count, "target");
    System.arraycopy(source, sourceOffset, t, targetOffset, count);
  }

  @Override
  public void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count) {
    float[] s = host(source, "source");
    checkRange(s, sourceOffset, count, "source");
    checkRange(target, targetOffset, count, "target");
    System.arraycopy(s, sourceOffset, target, targetOffset, count);
  }

  @Override
  public void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count) {
    float[] s = host(source, "source");
    float[] t = writable(target, "target");
    checkRange(s, sourceOffset, count, "source");
    checkRange(t, targetOffset, count, "target");
    System.arraycopy(s, sourceOffset, t, targetOffset, count);
  }

  @Override
  public void fill(Tensor target, int offset, int count, float value) {
    float[] array = writable(target, "target");
    checkRange(array, offset, count, "target");
    java.util.Arrays.fill(array, offset, offset + count, value);
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      Tensor a, int aOffset, int lda, Tensor b, int bOffset, int ldb,
      float beta, Tensor c, int cOffset, int ldc) {
    TensorChecks.checkGemmSizes(m, n, k);
    float[] aa = host(a, "A");
    float[] bb = host(b, "B");
    float[] cc = writable(c, "C");
    if (m == 0 || n == 0) {
      return;
    }
    checkMatrix(cc, cOffset, m, n, ldc, "C");
    if (k > 0) {
      checkMatrix(aa, aOffset, transposeA ? k : m, transposeA ? m : k, lda, "A");
      checkMatrix(bb, bOffset, transposeB ? n : k, transposeB ? k : n, ldb, "B");
    }
    if (b == readOnly) {
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
    float[] input = host(in, "in");
    float[] output = writable(out, "out");
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
    float[] x = host(in, "in");
    float[] y = writable(out, "out");
    checkRange(x, inOffset, rows * columns, "in");
    checkRange(y, outOffset, rows * columns, "out");
    jobs.softmax(x, inOffset, y, outOffset, rows, columns);
  }

  @Override
  public void softmaxBackward(
      Tensor y, int yOffset, Tensor dy, int dyOffset, Tensor dx, int dxOffset, int rows,
      int columns) {
    float[] yy = host(y, "y");
    float[] dyy = host(dy, "dy");
    float[] dxx = writable(dx, "dx");
    int size = rows * columns;
    checkRange(yy, yOffset, size, "y");
    checkRange(dyy, dyOffset, size, "dy");
    checkRange(dxx, dxOffset, size, "dx");
    jobs.softmaxBackward(yy, yOffset, dyy, dyOffset, dxx, dxOffset, rows, columns);
  }

  private float softmaxCrossEntropyValue(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset) {
    float[] x = host(logits, "logits");
    float[] t = host(labels, "labels");
    checkRange(x, logitsOffset, rows * classes, "logits");
    checkRange(t, labelsOffset, rows, "labels");
    float[] g = optionalGradient(gradient, gradientOffset, rows * classes);
    if (rows == 0) {
      return Float.NaN;
    }
    double total = Pointwise.softmaxCrossEntropy(x, logitsOffset, t, labelsOffset, 0, rows,
        classes, logitsAreProbabilities, g, gradientOffset, 1f / rows);
    return (float) (total / rows);
  }

  private float binaryCrossEntropyWithLogitsValue(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset) {
    float[] x = host(logits, "logits");
    float[] t = host(targets, "targets");
    checkRange(x, logitsOffset, count, "logits");
    checkRange(t, targetsOffset, count, "targets");
    float[] g = optionalGradient(gradient, gradientOffset, count);
    double total = Pointwise.binaryCrossEntropyWithLogits(
        x, logitsOffset, t, targetsOffset, 0, count, g, gradientOffset, 1f / count);
    return (float) (total / count);
  }

  private float meanSquaredErrorValue(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset) {
    float[] y = host(predictions, "predictions");
    float[] t = host(targets, "targets");
    checkRange(y, predictionsOffset, count, "predictions");
    checkRange(t, targetsOffset, count, "targets");
    float[] g = optionalGradient(gradient, gradientOffset, count);
    double total = Pointwise.squaredError(
        y, predictionsOffset, t, targetsOffset, 0, count, g, gradientOffset, 1f / count);
    return (float) (total / count);
  }

  private float perceptronCriterionValue(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset) {
    float[] y = host(predictions, "predictions");
    float[] t = host(targets, "targets");
    int count = rows * columns;
    checkRange(y, predictionsOffset, count, "predictions");
    checkRange(t, targetsOffset, count, "targets");
    float[] g = optionalGradient(gradient, gradientOffset, count);
    int errors = Pointwise.perceptronErrors(
        y, predictionsOffset, t, targetsOffset, 0, count, g, gradientOffset, 1f / rows);
    return (float) errors / count;
  }

  private float regularizeValue(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2) {
    float[] p = host(parameters, "parameters");
    float[] g = writable(gradients, "gradients");
    checkRange(p, offset, count, "parameters");
    checkRange(g, offset, count, "gradients");
    return jobs.regularize(p, g, offset, count, l1, l2);
  }

  @Override
  public void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset) {
    float[] out = resultSlot(result, resultOffset);
    out[resultOffset] = softmaxCrossEntropyValue(logits, logitsOffset, labels, labelsOffset, rows,
        classes, logitsAreProbabilities, gradient, gradientOffset);
  }

  @Override
  public void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    float[] out = resultSlot(result, resultOffset);
    out[resultOffset] = binaryCrossEntropyWithLogitsValue(logits, logitsOffset, targets,
        targetsOffset, count, gradient, gradientOffset);
  }

  @Override
  public void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    float[] out = resultSlot(result, resultOffset);
    out[resultOffset] = meanSquaredErrorValue(predictions, predictionsOffset, targets, targetsOffset,
        count, gradient, gradientOffset);
  }

  @Override
  public void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    float[] out = resultSlot(result, resultOffset);
    out[resultOffset] = perceptronCriterionValue(predictions, predictionsOffset, targets,
        targetsOffset, rows, columns, gradient, gradientOffset);
  }

  @Override
  public void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset) {
    float[] out = resultSlot(result, resultOffset);
    out[resultOffset] = regularizeValue(parameters, gradients, offset, count, l1, l2);
  }

  /**
   * While the scope is open, products whose B is {@code tensor} (a layer's weights) pack it once
   * and reuse the packing, and device calls that would write it throw.
   */
  @Override
  public ReadOnlyScope readOnly(Tensor tensor) {
    host(tensor, "tensor");
    checkOpen();
    if (readOnly == tensor) {
      return ReadOnlyScope.NONE; // nested in an open scope over the same tensor, which stays in charge
    }
    if (readOnly != null) {
      throw new IllegalStateException("a read-only scope over " + readOnly
          + " is open; close it before opening one over another tensor");
    }
    readOnly = tensor;
    ReadOnlyScope scope = new ReadOnlyScope() {
      @Override
      public void close() {
        if (openScope == this) { // a second close, or one after a newer scope opened, does nothing
          openScope = null;
          readOnly = null;
          gemm.forgetFixedOperands();
        }
      }
    };
    openScope = scope;
    return scope;
  }

  @Override
  public HostCopy hostCopy(int capacity) {
    return new CpuHostCopy(this, capacity);
  }

  @Override
  public void sgdUpdate(
      Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr, float momentum,
      boolean nesterov) {
    float[] p = writable(parameters, "parameters");
    float[] g = host(gradients, "gradients");
    checkRange(p, 0, count, "parameters");
    checkRange(g, 0, count, "gradients");
    float[] v = null;
    if (momentum != 0) {
      v = writable(velocity, "velocity");
      checkRange(v, 0, count, "velocity");
    }
    jobs.sgd(p, g, v, count, lr, momentum, nesterov);
  }

  @Override
  public void rmsPropUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float alpha,
      float eps, float momentum) {
    float[] p = writable(parameters, "parameters");
    float[] g = host(gradients, "gradients");
    float[] s = writable(state, "state");
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
    float[] p = writable(parameters, "parameters");
    float[] g = host(gradients, "gradients");
    float[] s = writable(state, "state");
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

  /** The host array of a one-float result, checked before the operation runs. */
  private float[] resultSlot(Tensor result, int offset) {
    float[] out = writable(result, "result");
    checkRange(out, offset, 1, "result");
    return out;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the CPU device was closed");
    }
  }

  /** The array behind a loss's gradient tensor, checked to hold the gradient, or null for none. */
  private float[] optionalGradient(Tensor gradient, int offset, int count) {
    if (gradient == null) {
      return null;
    }
    float[] g = writable(gradient, "gradient");
    checkRange(g, offset, count, "gradient");
    return g;
  }

  /** As {@link #host}, for a tensor the call writes: refused while it is read-only. */
  private float[] writable(Tensor tensor, String name) {
    float[] array = host(tensor, name);
    if (tensor == readOnly) {
      throw new IllegalStateException(name + " (" + tensor + ") is read-only until its "
          + "ReadOnlyScope is closed, so it cannot be written");
    }
    return array;
  }

  private float[] host(Tensor tensor, String name) {
    if (tensor == null) {
      throw new NullPointerException(name + " is null");
    }
    if (tensor.device() != this) {
      throw new IllegalArgumentException(
          name + " must be a tensor of " + describe() + ", found one of " + tensor.device());
    }
    return tensor.hostArray();
  }

  private static void checkRange(float[] array, int offset, int count, String name) {
    TensorChecks.checkRange(array.length, offset, count, name);
  }

  private static void checkMatrix(
      float[] array, int offset, int rows, int columns, int leading, String name) {
    TensorChecks.checkMatrix(array.length, offset, rows, columns, leading, name);
  }
}
