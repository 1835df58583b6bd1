package hypercolumn.runtime.cuda;

import hypercolumn.runtime.Convolutions;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.RepeatedStep;
import hypercolumn.runtime.ScalarResult;
import hypercolumn.runtime.Tensor;

/**
 * A device on an NVIDIA GPU through JCuda: the driver API on the GPU's primary context, cuBLAS
 * for every matrix product, and NVRTC-compiled kernels for everything else (the network's
 * generated kernels and this runtime's own, {@code runtime_kernels.cu}). All work goes to one
 * stream in call order; uploads are staged in page-locked memory and queued without waiting for
 * the GPU, and the methods that return values to the host wait for the work before them.
 *
 * <p>This class wires the parts together, one by job: {@link CudaContext} (context, stream and
 * cuBLAS handle), {@link CudaTransfers} (memory), {@link CudaProducts} (cuBLAS), {@link
 * CudaOperations} (kernel launches), {@link CudaArguments} (argument checks), {@link
 * StepRecorder} with {@link CudaRepeatedStep} (recording and replaying a repeated step as a
 * CUDA graph) and {@link StepCaptures} (counting them).
 *
 * <p>Create one with {@link #open(int)}; {@link #status()} says first whether a GPU is usable
 * and, if not, why.
 */
public final class CudaDevice implements Device {
  private final CudaContext context;
  private final String description;
  private final KernelCompiler compiler;
  private final Kernels kernels;
  private final PinnedUploads uploads;
  private final StepRecorder recorder;
  private final StepCaptures captures = new StepCaptures();
  private final CudaTransfers transfers;
  private final CudaProducts products;
  private final CudaOperations operations;
  private final CudaArguments arguments;
  /** Where the losses that return their value are written before the host reads them. */
  private final ScalarResult scalarResult;
  private boolean closed;
  /** Made on the first {@link #convolutions()}, which loads cuDNN: dense networks run without it. */
  private CudnnConvolutions convolutions;

  private CudaDevice(int ordinal) {
    context = new CudaContext(ordinal);
    int major = context.computeCapabilityMajor();
    int minor = context.computeCapabilityMinor();
    String gpuName = context.name();
    compiler = new KernelCompiler("compute_" + major + minor, gpuName, KernelCompiler.defaultCacheDirectory());
    uploads = new PinnedUploads(context.stream());
    recorder = new StepRecorder(uploads);
    kernels = new Kernels(compiler, context.stream(), recorder, context.multiprocessors());
    arguments = new CudaArguments(this);
    transfers = new CudaTransfers(this, context, arguments, recorder);
    products = new CudaProducts(context, arguments, recorder, kernels);
    operations = new CudaOperations(context, arguments, transfers, recorder, kernels);
    scalarResult = new CudaScalarResult(this, allocate(1));
    description = "CUDA, " + gpuName + ", compute capability " + major + "." + minor + ", NVRTC "
        + compiler.nvrtcVersion();
  }

  /**
   * {@return whether a GPU is usable here, or why not, in one line, for logs and skipped tests}
   */
  public static String statusLine() {
    return CudaLibraries.load().summary();
  }

  /**
   * {@return whether a GPU is usable here, and what was found or is missing (driver, libraries,
   * GPUs), in full}
   */
  public static String status() {
    CudaLibraries.Status status = CudaLibraries.load();
    return status.summary() + (status.details().isEmpty() ? "" : ". " + status.details());
  }

  /**
   * Whether {@link #open} can succeed: the libraries load and the driver sees a GPU.
   *
   * @return true if a GPU can be opened
   * @throws LinkageError if JCuda's jars are not on the class path, which the libraries' checks
   *     would not notice before they look for the driver
   */
  public static boolean usable() {
    jcuda.JCudaVersion.get();
    return CudaLibraries.load().usable();
  }

  /**
   * Opens a device on GPU {@code ordinal} (0 for the first), as {@code torch.device("cuda",
   * ordinal)} names it.
   *
   * @param ordinal the GPU's index among those the driver sees, from 0
   * @return the device, to be closed by the caller
   * @throws IllegalStateException if no GPU is usable, saying what was looked for and found
   */
  public static CudaDevice open(int ordinal) {
    CudaLibraries.Status status = CudaLibraries.load();
    if (!status.usable()) {
      throw new IllegalStateException(status.summary() + ". " + status.details());
    }
    return new CudaDevice(ordinal);
  }

  /**
   * {@return how many driver allocations hold this device's tensors (one for a typical network)}
   */
  public int memorySlabs() {
    return transfers.slabs();
  }

  /**
   * {@return how many repeated steps were captured into a CUDA graph, over all recorders so far}
   */
  public int stepCaptures() {
    return captures.captures();
  }

  /** {@return how many repetitions ran as replays of a CUDA graph, over all recorders so far} */
  public int stepReplays() {
    return captures.replays();
  }

  void countCapture() {
    captures.countCapture();
  }

  void countReplay() {
    captures.countReplay();
  }

  /** A closed recorder leaves the device's list. */
  void forget(CudaRepeatedStep step) {
    captures.forget(step);
  }

  /**
   * {@return how many kernel sources this device compiled with NVRTC rather than read from the
   * disk cache}
   */
  public int kernelCompilations() {
    return compiler.compilations();
  }

  @Override
  public String describe() {
    return description;
  }

  // --- memory

  @Override
  public Tensor allocate(int size) {
    return transfers.allocate(size);
  }

  @Override
  public void upload(float[] source, int sourceOffset, Tensor target, int targetOffset, int count) {
    transfers.upload(source, sourceOffset, target, targetOffset, count);
  }

  @Override
  public void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count) {
    transfers.download(source, sourceOffset, target, targetOffset, count);
  }

  @Override
  public void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count) {
    transfers.copy(source, sourceOffset, target, targetOffset, count);
  }

  @Override
  public void fill(Tensor target, int offset, int count, float value) {
    transfers.fill(target, offset, count, value);
  }

  @Override
  public HostCopy hostCopy(int capacity) {
    checkOpen();
    bindContext();
    return new CudaHostCopy(this, context.stream(), capacity);
  }

  // --- products

  /** Row-major through cuBLAS's column-major API: {@code C^T = op(B)^T op(A)^T}. */
  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      Tensor a, int aOffset, int lda, Tensor b, int bOffset, int ldb,
      float beta, Tensor c, int cOffset, int ldc) {
    products.gemm(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  @Override
  public void sumRows(
      Tensor in, int inOffset, int rows, int columns, float beta, Tensor out, int outOffset) {
    products.sumRows(in, inOffset, rows, columns, beta, out, outOffset);
  }

  // --- kernels

  @Override
  public void launch(
      FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey) {
    operations.launch(kernel, rows, tensors, offsets, scalars, rngKey);
  }

  @Override
  public void softmax(Tensor in, int inOffset, Tensor out, int outOffset, int rows, int columns) {
    operations.softmax(in, inOffset, out, outOffset, rows, columns);
  }

  @Override
  public void softmaxBackward(
      Tensor y, int yOffset, Tensor dy, int dyOffset, Tensor dx, int dxOffset, int rows,
      int columns) {
    operations.softmaxBackward(y, yOffset, dy, dyOffset, dx, dxOffset, rows, columns);
  }

  @Override
  public void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset) {
    operations.softmaxCrossEntropy(logits, logitsOffset, labels, labelsOffset, rows, classes,
        logitsAreProbabilities, gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    operations.binaryCrossEntropyWithLogits(logits, logitsOffset, targets, targetsOffset, count,
        gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    operations.meanSquaredError(predictions, predictionsOffset, targets, targetsOffset, count,
        gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    operations.perceptronCriterion(predictions, predictionsOffset, targets, targetsOffset, rows,
        columns, gradient, gradientOffset, result, resultOffset);
  }

  @Override
  public void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset) {
    operations.regularize(parameters, gradients, offset, count, l1, l2, result, resultOffset);
  }

  @Override
  public ScalarResult scalarResult() {
    return scalarResult;
  }

  @Override
  public void sgdUpdate(
      Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr, float momentum,
      boolean nesterov) {
    operations.sgdUpdate(parameters, gradients, velocity, count, lr, momentum, nesterov);
  }

  @Override
  public void rmsPropUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float alpha,
      float eps, float momentum) {
    operations.rmsPropUpdate(parameters, gradients, state, count, lr, alpha, eps, momentum);
  }

  @Override
  public void adamUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float beta1,
      float beta2, float eps, int step) {
    operations.adamUpdate(parameters, gradients, state, count, lr, beta1, beta2, eps, step);
  }

  // --- execution

  @Override
  public boolean queuesWork() {
    return true;
  }

  /**
   * A new recorder of a repeated step: its first repetition of a key runs as called, the second
   * is captured into a CUDA graph, and later ones replay the graph. Recordings of different
   * recorders are apart; the device frees them when it closes.
   */
  @Override
  public RepeatedStep repeatedStep() {
    checkOpen();
    CudaRepeatedStep step = new CudaRepeatedStep(this, recorder, uploads, context.stream());
    captures.add(step);
    return step;
  }

  /** Waits until every call before it has finished on the GPU. */
  public void synchronize() {
    checkNotInStep("synchronize");
    bindContext();
    context.synchronize();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    bindContext();
    captures.closeAll();
    context.synchronize();
    if (convolutions != null) {
      convolutions.close();
    }
    operations.close();
    recorder.close();
    uploads.close();
    kernels.close();
    transfers.close();
    context.close();
  }

  @Override
  public synchronized Convolutions convolutions() {
    checkOpen();
    if (convolutions == null) {
      convolutions = new CudnnConvolutions(this);
    }
    return convolutions;
  }

  /** Throws if a repeated step is open: {@code operation} would break its recording. */
  void checkNotInStep(String operation) {
    if (recorder.inStep()) {
      throw new IllegalStateException(operation + " inside a repeated step: only calls that return nothing "
          + "to the host may be recorded (write losses to a tensor, upload before begin(), read after end())");
    }
  }

  /** The context, stream and cuBLAS handle, for the seams that queue library calls (cuDNN). */
  CudaContext context() {
    return context;
  }

  /** What each queued call does inside a repeated step, for the seams outside this class. */
  StepRecorder recorder() {
    return recorder;
  }

  /** The checks of tensor arguments, for the seams outside this class. */
  CudaArguments arguments() {
    return arguments;
  }

  /** The driver keeps the current context per thread: set it when the calling thread changes. */
  void bindContext() {
    context.bind();
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the CUDA device was closed");
    }
  }
}
