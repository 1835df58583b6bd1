package hypercolumn.runtime.cuda;

import static hypercolumn.runtime.TensorChecks.checkGemmSizes;
import static hypercolumn.runtime.TensorChecks.checkMatrix;
import static hypercolumn.runtime.TensorChecks.checkRange;

import hypercolumn.runtime.AdamBiasCorrection;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.RepeatedStep;
import hypercolumn.runtime.ScalarResult;
import hypercolumn.runtime.Tensor;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/**
 * A device on an NVIDIA GPU through JCuda: the driver API on the GPU's primary context, cuBLAS
 * for every matrix product, and NVRTC-compiled kernels for everything else (the network's
 * generated kernels and this runtime's own, {@code runtime_kernels.cu}). All work goes to one
 * stream in call order; uploads are staged in page-locked memory and queued without waiting for
 * the GPU, and the methods that return values to the host wait for the work before them.
 *
 * <p>Create one with {@link #open(int)}; {@link #status()} says first whether a GPU is usable
 * and, if not, why.
 */
public final class CudaDevice implements Device {
  private final CUdevice gpu = new CUdevice();
  private final CUcontext context = new CUcontext();
  private final CUstream stream = new CUstream();
  private final cublasHandle blas = new cublasHandle();
  private final String description;
  private final KernelCompiler compiler;
  private final Kernels kernels;
  private final Reduction reduction;
  private final PinnedUploads uploads;
  private final OverlappedUploads batches;
  private final StepRecorder recorder;
  private final java.util.List<CudaRepeatedStep> repeatedSteps = new java.util.ArrayList<>();
  private final DeviceMemory memory = new DeviceMemory();
  /** Where the losses that return their value are written before the host reads them. */
  private final ScalarResult scalarResult;
  private int stepCaptures;
  private int stepReplays;
  private final float[] alpha = new float[1];
  private final float[] beta = new float[1];
  private final Pointer alphaPointer = Pointer.to(alpha);
  private final Pointer betaPointer = Pointer.to(beta);
  private Thread contextThread;
  private boolean closed;

  private CudaDevice(int ordinal) {
    JCudaDriver.cuDeviceGet(gpu, ordinal);
    JCudaDriver.cuDevicePrimaryCtxRetain(context, gpu);
    bindContext();
    JCudaDriver.cuStreamCreate(stream, 0);
    JCublas2.cublasCreate(blas);
    JCublas2.cublasSetStream(blas, new cudaStream_t(stream));
    int major = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
    int minor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    int multiprocessors = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
    String gpuName = name();
    compiler = new KernelCompiler("compute_" + major + minor, gpuName, KernelCompiler.defaultCacheDirectory());
    uploads = new PinnedUploads(stream);
    batches = new OverlappedUploads(stream);
    recorder = new StepRecorder(uploads);
    kernels = new Kernels(compiler, stream, recorder, multiprocessors);
    reduction = new Reduction(kernels, stream);
    scalarResult = new CudaScalarResult(this, allocate(1));
    description = "CUDA, " + gpuName + ", compute capability " + major + "." + minor + ", NVRTC "
        + compiler.nvrtcVersion();
  }

  /** Whether a GPU is usable here, or why not, in one line. */
  public static String statusLine() {
    return CudaLibraries.load().summary();
  }

  /** Whether a GPU is usable here, and what was found or is missing, in full. */
  public static String status() {
    CudaLibraries.Status status = CudaLibraries.load();
    return status.summary() + (status.details().isEmpty() ? "" : ". " + status.details());
  }

  /** Whether {@link #open} can succeed: the libraries load and the driver sees a GPU. */
  public static boolean usable() {
    return CudaLibraries.load().usable();
  }

  /**
   * A device on GPU {@code ordinal} (0 for the first).
   *
   * @throws IllegalStateException if no GPU is usable, saying what was looked for and found
   */
  public static CudaDevice open(int ordinal) {
    CudaLibraries.Status status = CudaLibraries.load();
    if (!status.usable()) {
      throw new IllegalStateException(status.summary() + ". " + status.details());
    }
    return new CudaDevice(ordinal);
  }

  /** How many driver allocations hold this device's tensors (one for a typical network). */
  public int memorySlabs() {
    return memory.slabCount();
  }

  /** How many repeated steps were captured into a CUDA graph, over all recorders so far. */
  public int stepCaptures() {
    return stepCaptures;
  }

  /** How many repetitions ran as replays of a CUDA graph, over all recorders so far. */
  public int stepReplays() {
    return stepReplays;
  }

  void countCapture() {
    stepCaptures++;
  }

  void countReplay() {
    stepReplays++;
  }

  /** A closed recorder leaves the device's list. */
  void forget(CudaRepeatedStep step) {
    repeatedSteps.remove(step);
  }

  /** How many sources this device compiled with NVRTC rather than read from the disk cache. */
  public int kernelCompilations() {
    return compiler.compilations();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public Tensor allocate(int size) {
    checkOpen();
    if (size < 0) {
      throw new IllegalArgumentException("tensor size must be >= 0, found " + size);
    }
    checkNotInStep("allocate");
    bindContext();
    DevicePointer pointer = memory.allocate(4L * size);
    if (size > 0) {
      JCudaDriver.cuMemsetD32Async(pointer, 0, size, stream);
    }
    return new CudaTensor(this, pointer, size);
  }

  @Override
  public void upload(float[] source, int sourceOffset, Tensor target, int targetOffset, int count) {
    checkRange(source.length, sourceOffset, count, "source");
    CudaTensor t = tensor(target, "target");
    checkRange(t.size(), targetOffset, count, "target");
    checkNotInStep("upload");
    if (count == 0) {
      return;
    }
    bindContext();
    batches.upload(source, sourceOffset, t.at(targetOffset), count);
  }

  @Override
  public void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count) {
    CudaTensor s = tensor(source, "source");
    checkRange(s.size(), sourceOffset, count, "source");
    checkRange(target.length, targetOffset, count, "target");
    checkNotInStep("download");
    if (count == 0) {
      return;
    }
    bindContext();
    JCudaDriver.cuStreamSynchronize(stream);
    JCudaDriver.cuMemcpyDtoH(Pointer.to(target).withByteOffset(4L * targetOffset), s.at(sourceOffset), 4L * count);
  }

  @Override
  public void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count) {
    CudaTensor s = tensor(source, "source");
    CudaTensor t = tensor(target, "target");
    checkRange(s.size(), sourceOffset, count, "source");
    checkRange(t.size(), targetOffset, count, "target");
    if (count == 0) {
      return;
    }
    bindContext();
    DevicePointer from = s.at(sourceOffset);
    DevicePointer to = t.at(targetOffset);
    recorder.call("copy");
    recorder.value(from.address());
    recorder.value(to.address());
    recorder.value(count);
    if (recorder.queues()) {
      JCudaDriver.cuMemcpyDtoDAsync(to, from, 4L * count, stream);
    }
  }

  @Override
  public void fill(Tensor target, int offset, int count, float value) {
    CudaTensor t = tensor(target, "target");
    checkRange(t.size(), offset, count, "target");
    if (count == 0) {
      return;
    }
    bindContext();
    DevicePointer to = t.at(offset);
    recorder.call("fill");
    recorder.value(to.address());
    recorder.value(count);
    recorder.value(Float.floatToRawIntBits(value));
    if (recorder.queues()) {
      JCudaDriver.cuMemsetD32Async(to, Float.floatToRawIntBits(value), count, stream);
    }
  }

  /** Row-major through cuBLAS's column-major API: {@code C^T = op(B)^T op(A)^T}. */
  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      Tensor a, int aOffset, int lda, Tensor b, int bOffset, int ldb,
      float beta, Tensor c, int cOffset, int ldc) {
    checkGemmSizes(m, n, k);
    CudaTensor aa = tensor(a, "A");
    CudaTensor bb = tensor(b, "B");
    CudaTensor cc = tensor(c, "C");
    if (m == 0 || n == 0) {
      return;
    }
    checkMatrix(cc.size(), cOffset, m, n, ldc, "C");
    if (k > 0) {
      checkMatrix(aa.size(), aOffset, transposeA ? k : m, transposeA ? m : k, lda, "A");
      checkMatrix(bb.size(), bOffset, transposeB ? n : k, transposeB ? k : n, ldb, "B");
    } else {
      // cuBLAS then reads neither A nor B but still checks their leading dimensions.
      lda = Math.max(1, transposeA ? m : Math.max(1, k));
      ldb = Math.max(1, transposeB ? Math.max(1, k) : n);
    }
    bindContext();
    DevicePointer aAt = aa.at(aOffset);
    DevicePointer bAt = bb.at(bOffset);
    DevicePointer cAt = cc.at(cOffset);
    recorder.call("gemm");
    recorder.value((transposeA ? 1 : 0) | (transposeB ? 2 : 0));
    recorder.value(m);
    recorder.value(n);
    recorder.value(k);
    recorder.value(Float.floatToRawIntBits(alpha));
    recorder.value(Float.floatToRawIntBits(beta));
    recorder.value(aAt.address());
    recorder.value(lda);
    recorder.value(bAt.address());
    recorder.value(ldb);
    recorder.value(cAt.address());
    recorder.value(ldc);
    if (!recorder.queues()) {
      return;
    }
    this.alpha[0] = alpha;
    this.beta[0] = beta;
    JCublas2.cublasSgemm(blas,
        transposeB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
        transposeA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
        n, m, k, alphaPointer, bAt, ldb, aAt, lda, betaPointer, cAt, ldc);
  }

  @Override
  public void sumRows(
      Tensor in, int inOffset, int rows, int columns, float beta, Tensor out, int outOffset) {
    CudaTensor x = tensor(in, "in");
    CudaTensor y = tensor(out, "out");
    checkRange(x.size(), inOffset, rows * columns, "in");
    checkRange(y.size(), outOffset, columns, "out");
    bindContext();
    kernels.launch(kernels.runtime("hc_sum_rows"), columns, new KernelArguments()
        .add(rows).add(columns).add(x.at(inOffset)).add(beta).add(y.at(outOffset)));
  }

  @Override
  public void launch(
      FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey) {
    if (tensors.length != offsets.length) {
      throw new IllegalArgumentException("kernel " + kernel.name() + ": expected one offset per tensor ("
          + tensors.length + "), found " + offsets.length);
    }
    bindContext();
    KernelArguments arguments = new KernelArguments().add(rows);
    for (int i = 0; i < tensors.length; i++) {
      CudaTensor t = tensor(tensors[i], kernel.name() + " buffer " + i);
      checkRange(t.size(), offsets[i], 0, kernel.name() + " buffer " + i);
      arguments.add(t.at(offsets[i]));
    }
    for (float scalar : scalars) {
      arguments.add(scalar);
    }
    CUfunction function = kernels.generated(kernel);
    arguments.add(recorder.slot(rngKey));
    kernels.launch(function, (long) rows * kernel.columns(), arguments);
  }

  @Override
  public void softmax(Tensor in, int inOffset, Tensor out, int outOffset, int rows, int columns) {
    CudaTensor x = tensor(in, "in");
    CudaTensor y = tensor(out, "out");
    checkRange(x.size(), inOffset, rows * columns, "in");
    checkRange(y.size(), outOffset, rows * columns, "out");
    bindContext();
    kernels.launch(kernels.runtime("hc_softmax"), rows, new KernelArguments()
        .add(rows).add(columns).add(x.at(inOffset)).add(y.at(outOffset)));
  }

  @Override
  public void softmaxBackward(
      Tensor y, int yOffset, Tensor dy, int dyOffset, Tensor dx, int dxOffset, int rows,
      int columns) {
    int size = rows * columns;
    CudaTensor yy = tensor(y, "y");
    CudaTensor dyy = tensor(dy, "dy");
    CudaTensor dxx = tensor(dx, "dx");
    checkRange(yy.size(), yOffset, size, "y");
    checkRange(dyy.size(), dyOffset, size, "dy");
    checkRange(dxx.size(), dxOffset, size, "dx");
    bindContext();
    kernels.launch(kernels.runtime("hc_softmax_backward"), rows, new KernelArguments()
        .add(rows).add(columns).add(yy.at(yOffset)).add(dyy.at(dyOffset)).add(dxx.at(dxOffset)));
  }

  @Override
  public void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset) {
    CudaTensor x = tensor(logits, "logits");
    CudaTensor t = tensor(labels, "labels");
    checkRange(x.size(), logitsOffset, rows * classes, "logits");
    checkRange(t.size(), labelsOffset, rows, "labels");
    DevicePointer g = optionalGradient(gradient, gradientOffset, rows * classes);
    DevicePointer out = resultPointer(result, resultOffset);
    if (rows == 0) {
      fill(result, resultOffset, 1, Float.NaN);
      return;
    }
    bindContext();
    kernels.launch(kernels.runtime("hc_softmax_cross_entropy"), rows, new KernelArguments()
        .add(rows).add(classes).add(logitsAreProbabilities ? 1 : 0).add(x.at(logitsOffset))
        .add(t.at(labelsOffset)).add(g).add(1f / rows).add(reduction.terms(rows)));
    reduction.finish(rows, rows, false, out);
  }

  @Override
  public void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    elementLoss("hc_binary_cross_entropy", logits, "logits", logitsOffset, targets, targetsOffset,
        count, gradient, gradientOffset, 1f / count, false, result, resultOffset);
  }

  @Override
  public void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    elementLoss("hc_squared_error", predictions, "predictions", predictionsOffset, targets,
        targetsOffset, count, gradient, gradientOffset, 1f / count, false, result, resultOffset);
  }

  @Override
  public void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    // The fraction of wrong outputs, in float as the CPU computes it; the gradient is per row.
    elementLoss("hc_perceptron", predictions, "predictions", predictionsOffset, targets,
        targetsOffset, rows * columns, gradient, gradientOffset, 1f / rows, true, result,
        resultOffset);
  }

  @Override
  public void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset) {
    CudaTensor p = tensor(parameters, "parameters");
    CudaTensor g = tensor(gradients, "gradients");
    checkRange(p.size(), offset, count, "parameters");
    checkRange(g.size(), offset, count, "gradients");
    DevicePointer out = resultPointer(result, resultOffset);
    bindContext();
    kernels.launch(kernels.runtime("hc_regularize"), count, new KernelArguments()
        .add((long) count).add(p.at(offset)).add(g.at(offset)).add(l1).add(l2)
        .add(reduction.terms(count)));
    reduction.finish(count, 1.0, false, out);
  }

  @Override
  public void sgdUpdate(
      Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr, float momentum,
      boolean nesterov) {
    CudaTensor p = tensor(parameters, "parameters");
    CudaTensor g = tensor(gradients, "gradients");
    checkRange(p.size(), 0, count, "parameters");
    checkRange(g.size(), 0, count, "gradients");
    bindContext();
    if (momentum == 0) {
      kernels.launch(kernels.runtime("hc_sgd"), count, new KernelArguments()
          .add((long) count).add(p.pointer()).add(g.pointer())
          .add(recorder.slot(StepRecorder.pack(lr, 0f))));
      return;
    }
    CudaTensor v = tensor(velocity, "velocity");
    checkRange(v.size(), 0, count, "velocity");
    kernels.launch(kernels.runtime("hc_sgd_momentum"), count, new KernelArguments()
        .add((long) count).add(p.pointer()).add(g.pointer()).add(v.pointer())
        .add(recorder.slot(StepRecorder.pack(lr, 0f))).add(momentum).add(nesterov ? 1 : 0));
  }

  @Override
  public void rmsPropUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float alpha,
      float eps, float momentum) {
    CudaTensor p = tensor(parameters, "parameters");
    CudaTensor g = tensor(gradients, "gradients");
    CudaTensor s = tensor(state, "state");
    checkRange(p.size(), 0, count, "parameters");
    checkRange(g.size(), 0, count, "gradients");
    checkRange(s.size(), 0, momentum > 0 ? 2 * count : count, "state");
    bindContext();
    kernels.launch(kernels.runtime("hc_rmsprop"), count, new KernelArguments()
        .add((long) count).add(p.pointer()).add(g.pointer()).add(s.pointer())
        .add(recorder.slot(StepRecorder.pack(lr, 0f))).add(alpha).add(eps).add(momentum));
  }

  @Override
  public void adamUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float beta1,
      float beta2, float eps, int step) {
    AdamBiasCorrection.checkStep(step);
    CudaTensor p = tensor(parameters, "parameters");
    CudaTensor g = tensor(gradients, "gradients");
    CudaTensor s = tensor(state, "state");
    checkRange(p.size(), 0, count, "parameters");
    checkRange(g.size(), 0, count, "gradients");
    checkRange(s.size(), 0, 2 * count, "state");
    bindContext();
    kernels.launch(kernels.runtime("hc_adam"), count, new KernelArguments()
        .add((long) count).add(p.pointer()).add(g.pointer()).add(s.pointer()).add(beta1)
        .add(beta2).add(eps).add(recorder.slot(StepRecorder.pack(
            AdamBiasCorrection.stepSize(lr, beta1, step),
            AdamBiasCorrection.secondMomentScale(beta2, step)))));
  }

  @Override
  public boolean queuesWork() {
    return true;
  }

  @Override
  public HostCopy hostCopy(int capacity) {
    checkOpen();
    bindContext();
    return new CudaHostCopy(this, stream, capacity);
  }

  /**
   * A new recorder of a repeated step: its first repetition of a key runs as called, the second
   * is captured into a CUDA graph, and later ones replay the graph. Recordings of different
   * recorders are apart; the device frees them when it closes.
   */
  @Override
  public RepeatedStep repeatedStep() {
    checkOpen();
    CudaRepeatedStep step = new CudaRepeatedStep(this, recorder, uploads, stream);
    repeatedSteps.add(step);
    return step;
  }

  /** Waits until every call before it has finished on the GPU. */
  public void synchronize() {
    checkNotInStep("synchronize");
    bindContext();
    JCudaDriver.cuStreamSynchronize(stream);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    bindContext();
    for (CudaRepeatedStep step : new java.util.ArrayList<>(repeatedSteps)) {
      step.close();
    }
    JCudaDriver.cuStreamSynchronize(stream);
    reduction.close();
    batches.close();
    recorder.close();
    uploads.close();
    kernels.close();
    memory.close();
    JCublas2.cublasDestroy(blas);
    JCudaDriver.cuStreamDestroy(stream);
    JCudaDriver.cuDevicePrimaryCtxRelease(gpu);
  }

  /** One loss term per element, summed and divided by {@code count} into {@code result}. */
  private void elementLoss(
      String kernel, Tensor values, String valuesName, int valuesOffset, Tensor targets,
      int targetsOffset, int count, Tensor gradient, int gradientOffset, float gradientScale,
      boolean floatDivision, Tensor result, int resultOffset) {
    CudaTensor y = tensor(values, valuesName);
    CudaTensor t = tensor(targets, "targets");
    checkRange(y.size(), valuesOffset, count, valuesName);
    checkRange(t.size(), targetsOffset, count, "targets");
    DevicePointer g = optionalGradient(gradient, gradientOffset, count);
    DevicePointer out = resultPointer(result, resultOffset);
    bindContext();
    kernels.launch(kernels.runtime(kernel), count, new KernelArguments()
        .add((long) count).add(y.at(valuesOffset)).add(t.at(targetsOffset)).add(g)
        .add(gradientScale).add(reduction.terms(count)));
    reduction.finish(count, count, floatDivision, out);
  }

  @Override
  public ScalarResult scalarResult() {
    return scalarResult;
  }

  private DevicePointer resultPointer(Tensor result, int offset) {
    CudaTensor r = tensor(result, "result");
    checkRange(r.size(), offset, 1, "result");
    return r.at(offset);
  }

  /** Throws if a repeated step is open: {@code operation} would break its recording. */
  void checkNotInStep(String operation) {
    if (recorder.inStep()) {
      throw new IllegalStateException(operation + " inside a repeated step: only calls that return nothing "
          + "to the host may be recorded (write losses to a tensor, upload before begin(), read after end())");
    }
  }

  private DevicePointer optionalGradient(Tensor gradient, int offset, int count) {
    if (gradient == null) {
      return null;
    }
    CudaTensor g = tensor(gradient, "gradient");
    checkRange(g.size(), offset, count, "gradient");
    return g.at(offset);
  }

  private CudaTensor tensor(Tensor tensor, String name) {
    if (tensor == null) {
      throw new NullPointerException(name + " is null");
    }
    if (tensor.device() != this || !(tensor instanceof CudaTensor)) {
      throw new IllegalArgumentException(
          name + " must be a tensor of " + describe() + ", found one of " + tensor.device());
    }
    checkOpen();
    return (CudaTensor) tensor;
  }

  /** The driver keeps the current context per thread: set it when the calling thread changes. */
  void bindContext() {
    Thread caller = Thread.currentThread();
    if (caller != contextThread) {
      JCudaDriver.cuCtxSetCurrent(context);
      contextThread = caller;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the CUDA device was closed");
    }
  }

  private int attribute(int attribute) {
    int[] value = {0};
    JCudaDriver.cuDeviceGetAttribute(value, attribute, gpu);
    return value[0];
  }

  private String name() {
    byte[] bytes = new byte[256];
    JCudaDriver.cuDeviceGetName(bytes, bytes.length, gpu);
    int length = 0;
    while (length < bytes.length && bytes[length] != 0) {
      length++;
    }
    return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
  }
}
