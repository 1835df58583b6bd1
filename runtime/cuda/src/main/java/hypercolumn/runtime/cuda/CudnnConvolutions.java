package hypercolumn.runtime.cuda;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.Convolutions;
import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.Tensor;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnTensorDescriptor;

/**
 * The convolution seam of the CUDA device, through cuDNN (JCudnn): descriptors built once per
 * shape ({@link ConvolutionPlan}, {@link PoolingPlan}), each convolution's algorithm chosen once
 * per shape with {@code Find*AlgorithmEx} ({@link ConvolutionAlgorithms}), one workspace carved
 * from the device's own memory, every call checked. Calls queue on the device's stream and go
 * through its {@link StepRecorder}, so a training step is still captured as one CUDA graph.
 * A shape's plan allocates device memory, which a repeated step refuses: {@link
 * #prepare(ConvolutionShape)} each shape before the step (a shape's first call outside a step
 * prepares it too). Algorithms are found on a shape's first call, outside a step or in its
 * first repetition, which runs as called; never while a graph is captured.
 *
 * <p>cuDNN is loaded on the first call, not when this is constructed: a device without cuDNN
 * still runs dense networks, and only the first convolution says what is missing.
 */
public final class CudnnConvolutions implements Convolutions {
  /** Bytes of the workspace Find may use and the chosen algorithms run in. */
  static final String WORKSPACE_PROPERTY = "hypercolumn.cudnn.workspaceBytes";
  private static final int REQUESTED_ALGORITHMS = 8;

  private final CudaDevice device;
  private final CudaContext context;
  private final CudaArguments arguments;
  private final StepRecorder recorder;
  private final boolean allowNondeterministic = ConvolutionAlgorithms.allowNondeterministic();
  private final Map<ConvolutionShape, ConvolutionPlan> convolutions = new HashMap<>();
  private final Map<PoolingShape, PoolingPlan> poolings = new HashMap<>();
  private Cudnn cudnn;
  private CudaTensor workspace;
  private long workspaceBytes;

  /**
   * The convolutions of {@code device}, queued on its stream; {@link CudaDevice#convolutions()}
   * makes one on first use. Loads nothing: cuDNN is loaded by the first call.
   *
   * @param device the CUDA device whose memory, stream and step recorder the calls use
   */
  public CudnnConvolutions(CudaDevice device) {
    this.device = device;
    this.context = device.context();
    this.arguments = device.arguments();
    this.recorder = device.recorder();
  }

  @Override
  public void convolutionForward(ConvolutionShape shape, Tensor x, int xOffset, Tensor w, int wOffset,
      Tensor bias, int biasOffset, Tensor y, int yOffset) {
    DevicePointer xAt = arguments.range(x, "x", xOffset, shape.inputSize());
    DevicePointer wAt = arguments.range(w, "w", wOffset, shape.weightSize());
    DevicePointer bAt = bias == null ? null : arguments.range(bias, "bias", biasOffset, shape.outChannels());
    DevicePointer yAt = arguments.range(y, "y", yOffset, shape.outputSize());
    ConvolutionPlan plan = plan(shape);
    record("convolutionForward", shape.hashCode(), xAt.address(), wAt.address(), bAt == null ? 0 : bAt.address(),
        yAt.address());
    if (!recorder.queues()) {
      return;
    }
    Pointer input = padInput(plan, xAt);
    if (plan.forwardAlgorithm < 0) {
      checkMayFind(shape.toString());
      cudnnConvolutionFwdAlgoPerf[] perf = perfs(new cudnnConvolutionFwdAlgoPerf[REQUESTED_ALGORITHMS]);
      int[] returned = {0};
      Cudnn.check(JCudnn.cudnnFindConvolutionForwardAlgorithmEx(cudnn.handle(), plan.input, input, plan.filter,
          wAt, plan.convolution, plan.output, yAt, perf.length, returned, perf, workspace.pointer(), workspaceBytes),
          "cudnnFindConvolutionForwardAlgorithmEx(" + shape + ")");
      int n = returned[0];
      int[] algos = new int[n];
      int[] statuses = new int[n];
      long[] memory = new long[n];
      int[] determinism = new int[n];
      for (int i = 0; i < n; i++) {
        algos[i] = perf[i].algo;
        statuses[i] = perf[i].status;
        memory[i] = perf[i].memory;
        determinism[i] = perf[i].determinism;
      }
      plan.forwardAlgorithm = ConvolutionAlgorithms.choose("cudnnFindConvolutionForwardAlgorithmEx", n, algos,
          statuses, memory, determinism, workspaceBytes, allowNondeterministic);
    }
    Cudnn.check(JCudnn.cudnnConvolutionForward(cudnn.handle(), cudnn.one(), plan.input, input, plan.filter, wAt,
        plan.convolution, plan.forwardAlgorithm, workspace.pointer(), workspaceBytes, cudnn.zero(), plan.output, yAt),
        "cudnnConvolutionForward(" + shape + ")");
    if (bAt != null) {
      Cudnn.check(JCudnn.cudnnAddTensor(cudnn.handle(), cudnn.one(), plan.bias, bAt, cudnn.one(), plan.output, yAt),
          "cudnnAddTensor (bias of " + shape + ")");
    }
  }

  @Override
  public void convolutionBackwardData(ConvolutionShape shape, Tensor dy, int dyOffset, Tensor w, int wOffset,
      Tensor dx, int dxOffset) {
    DevicePointer dyAt = arguments.range(dy, "dy", dyOffset, shape.outputSize());
    DevicePointer wAt = arguments.range(w, "w", wOffset, shape.weightSize());
    DevicePointer dxAt = arguments.range(dx, "dx", dxOffset, shape.inputSize());
    ConvolutionPlan plan = plan(shape);
    record("convolutionBackwardData", shape.hashCode(), dyAt.address(), wAt.address(), dxAt.address());
    if (!recorder.queues()) {
      return;
    }
    // Unevenly padded: the gradient of the padded copy, whose interior is dx.
    Pointer gradient = plan.padded() == null ? dxAt : plan.padded().pointer();
    if (plan.dataAlgorithm < 0) {
      checkMayFind(shape.toString());
      cudnnConvolutionBwdDataAlgoPerf[] perf = perfs(new cudnnConvolutionBwdDataAlgoPerf[REQUESTED_ALGORITHMS]);
      int[] returned = {0};
      Cudnn.check(JCudnn.cudnnFindConvolutionBackwardDataAlgorithmEx(cudnn.handle(), plan.filter, wAt, plan.output,
          dyAt, plan.convolution, plan.input, gradient, perf.length, returned, perf, workspace.pointer(),
          workspaceBytes), "cudnnFindConvolutionBackwardDataAlgorithmEx(" + shape + ")");
      int n = returned[0];
      int[] algos = new int[n];
      int[] statuses = new int[n];
      long[] memory = new long[n];
      int[] determinism = new int[n];
      for (int i = 0; i < n; i++) {
        algos[i] = perf[i].algo;
        statuses[i] = perf[i].status;
        memory[i] = perf[i].memory;
        determinism[i] = perf[i].determinism;
      }
      plan.dataAlgorithm = ConvolutionAlgorithms.choose("cudnnFindConvolutionBackwardDataAlgorithmEx", n, algos,
          statuses, memory, determinism, workspaceBytes, allowNondeterministic);
    }
    Cudnn.check(JCudnn.cudnnConvolutionBackwardData(cudnn.handle(), cudnn.one(), plan.filter, wAt, plan.output, dyAt,
        plan.convolution, plan.dataAlgorithm, workspace.pointer(), workspaceBytes, cudnn.zero(), plan.input, gradient),
        "cudnnConvolutionBackwardData(" + shape + ")");
    if (plan.padded() != null) {
      Cudnn.check(JCudnn.cudnnTransformTensor(cudnn.handle(), cudnn.one(), plan.interior, plan.paddedInterior(),
          cudnn.zero(), plan.dense, dxAt), "cudnnTransformTensor (dx out of the padded gradient of " + shape + ")");
    }
  }

  @Override
  public void convolutionBackwardFilter(ConvolutionShape shape, Tensor x, int xOffset, Tensor dy, int dyOffset,
      float beta, Tensor dw, int dwOffset) {
    checkBeta(beta);
    DevicePointer xAt = arguments.range(x, "x", xOffset, shape.inputSize());
    DevicePointer dyAt = arguments.range(dy, "dy", dyOffset, shape.outputSize());
    DevicePointer dwAt = arguments.range(dw, "dw", dwOffset, shape.weightSize());
    ConvolutionPlan plan = plan(shape);
    record("convolutionBackwardFilter", shape.hashCode(), xAt.address(), dyAt.address(), Float.floatToRawIntBits(beta),
        dwAt.address());
    if (!recorder.queues()) {
      return;
    }
    Pointer input = padInput(plan, xAt);
    if (plan.filterAlgorithm < 0) {
      checkMayFind(shape.toString());
      cudnnConvolutionBwdFilterAlgoPerf[] perf = perfs(new cudnnConvolutionBwdFilterAlgoPerf[REQUESTED_ALGORITHMS]);
      int[] returned = {0};
      Cudnn.check(JCudnn.cudnnFindConvolutionBackwardFilterAlgorithmEx(cudnn.handle(), plan.input, input, plan.output,
          dyAt, plan.convolution, plan.filter, plan.findScratch().pointer(), perf.length, returned, perf, workspace.pointer(),
          workspaceBytes), "cudnnFindConvolutionBackwardFilterAlgorithmEx(" + shape + ")");
      int n = returned[0];
      int[] algos = new int[n];
      int[] statuses = new int[n];
      long[] memory = new long[n];
      int[] determinism = new int[n];
      for (int i = 0; i < n; i++) {
        algos[i] = perf[i].algo;
        statuses[i] = perf[i].status;
        memory[i] = perf[i].memory;
        determinism[i] = perf[i].determinism;
      }
      plan.filterAlgorithm = ConvolutionAlgorithms.choose("cudnnFindConvolutionBackwardFilterAlgorithmEx", n, algos,
          statuses, memory, determinism, workspaceBytes, allowNondeterministic);
    }
    Cudnn.check(JCudnn.cudnnConvolutionBackwardFilter(cudnn.handle(), cudnn.one(), plan.input, input, plan.output,
        dyAt, plan.convolution, plan.filterAlgorithm, workspace.pointer(), workspaceBytes, cudnn.scalar(beta),
        plan.filter, dwAt), "cudnnConvolutionBackwardFilter(" + shape + ")");
  }

  @Override
  public void convolutionBackwardBias(ConvolutionShape shape, Tensor dy, int dyOffset, float beta, Tensor db,
      int dbOffset) {
    checkBeta(beta);
    DevicePointer dyAt = arguments.range(dy, "dy", dyOffset, shape.outputSize());
    DevicePointer dbAt = arguments.range(db, "db", dbOffset, shape.outChannels());
    ConvolutionPlan plan = plan(shape);
    record("convolutionBackwardBias", shape.hashCode(), dyAt.address(), Float.floatToRawIntBits(beta), dbAt.address());
    if (!recorder.queues()) {
      return;
    }
    Cudnn.check(JCudnn.cudnnConvolutionBackwardBias(cudnn.handle(), cudnn.one(), plan.output, dyAt,
        cudnn.scalar(beta), plan.bias, dbAt), "cudnnConvolutionBackwardBias(" + shape + ")");
  }

  @Override
  public void poolingForward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset) {
    DevicePointer xAt = arguments.range(x, "x", xOffset, shape.inputSize());
    DevicePointer yAt = arguments.range(y, "y", yOffset, shape.outputSize());
    PoolingPlan plan = plan(shape);
    record("poolingForward", shape.hashCode(), xAt.address(), yAt.address());
    if (!recorder.queues()) {
      return;
    }
    Pointer input = padInput(plan, xAt);
    Cudnn.check(JCudnn.cudnnPoolingForward(cudnn.handle(), plan.pooling, cudnn.one(), plan.input, input,
        cudnn.zero(), plan.output, yAt), "cudnnPoolingForward(" + shape + ")");
  }

  @Override
  public void poolingBackward(PoolingShape shape, Tensor x, int xOffset, Tensor y, int yOffset, Tensor dy,
      int dyOffset, Tensor dx, int dxOffset) {
    DevicePointer xAt = arguments.range(x, "x", xOffset, shape.inputSize());
    DevicePointer yAt = arguments.range(y, "y", yOffset, shape.outputSize());
    DevicePointer dyAt = arguments.range(dy, "dy", dyOffset, shape.outputSize());
    DevicePointer dxAt = arguments.range(dx, "dx", dxOffset, shape.inputSize());
    PoolingPlan plan = plan(shape);
    record("poolingBackward", shape.hashCode(), xAt.address(), yAt.address(), dyAt.address(), dxAt.address());
    if (!recorder.queues()) {
      return;
    }
    if (plan.padded() == null) {
      Cudnn.check(JCudnn.cudnnPoolingBackward(cudnn.handle(), plan.pooling, cudnn.one(), plan.output, yAt,
          plan.output, dyAt, plan.input, xAt, cudnn.zero(), plan.input, dxAt), "cudnnPoolingBackward(" + shape + ")");
      return;
    }
    // Unevenly padded: cuDNN needs the padded input and writes the padded gradient, so the
    // padded copy is made again and the gradient goes to a second padded buffer, the workspace.
    Pointer input = padInput(plan, xAt);
    checkWorkspace(plan.shape.batch() * (long) plan.shape.channels()
        * (plan.shape.height() + plan.shape.padTop() + plan.shape.padBottom())
        * (plan.shape.width() + plan.shape.padLeft() + plan.shape.padRight()) * Float.BYTES, shape.toString());
    Cudnn.check(JCudnn.cudnnPoolingBackward(cudnn.handle(), plan.pooling, cudnn.one(), plan.output, yAt,
        plan.output, dyAt, plan.input, input, cudnn.zero(), plan.input, workspace.pointer()),
        "cudnnPoolingBackward(" + shape + ")");
    int paddedWidth = shape.width() + shape.padLeft() + shape.padRight();
    Pointer interior = workspace.at(shape.padTop() * paddedWidth + shape.padLeft());
    Cudnn.check(JCudnn.cudnnTransformTensor(cudnn.handle(), cudnn.one(), plan.interior, interior, cudnn.zero(),
        plan.dense, dxAt), "cudnnTransformTensor (dx out of the padded gradient of " + shape + ")");
  }

  /** Frees cuDNN's handle; the device frees the memory. */
  public void close() {
    if (cudnn != null) {
      context.bind();
      cudnn.close();
    }
  }

  /** The input cuDNN reads: the caller's, or the padded copy refreshed from it on the stream. */
  private Pointer padInput(ConvolutionPlan plan, DevicePointer x) {
    if (plan.padded() == null) {
      return x;
    }
    fillPadded(plan.input, plan.padded(), 0f, plan.interior, plan.paddedInterior(), plan.dense, x,
        plan.shape.toString());
    return plan.padded().pointer();
  }

  private Pointer padInput(PoolingPlan plan, DevicePointer x) {
    if (plan.padded() == null) {
      return x;
    }
    fillPadded(plan.input, plan.padded(), plan.padValue, plan.interior, plan.paddedInterior(), plan.dense, x,
        plan.shape.toString());
    return plan.padded().pointer();
  }

  private void fillPadded(cudnnTensorDescriptor whole, CudaTensor padded, float value,
      cudnnTensorDescriptor interior, DevicePointer interiorAt, cudnnTensorDescriptor dense, DevicePointer x,
      String shape) {
    Cudnn.check(JCudnn.cudnnSetTensor(cudnn.handle(), whole, padded.pointer(), cudnn.scalar(value)),
        "cudnnSetTensor (padding of " + shape + ")");
    Cudnn.check(JCudnn.cudnnTransformTensor(cudnn.handle(), cudnn.one(), dense, x, cudnn.zero(), interior,
        interiorAt), "cudnnTransformTensor (x into the padded copy of " + shape + ")");
  }

  /**
   * Builds the descriptors of {@code shape} and allocates what it needs (cuDNN itself and the
   * workspace on the first call), so that its calls may be made inside a repeated step.
   *
   * @throws IllegalStateException inside a repeated step, or where cuDNN is missing
   */
  @Override
  public void prepare(ConvolutionShape shape) {
    context.bind();
    if (!convolutions.containsKey(shape)) {
      checkOutsideStep(shape.toString());
      convolutions.put(shape, new ConvolutionPlan(shape, cudnn(), device));
    }
  }

  /** As {@link #prepare(ConvolutionShape)}, for a pooling. */
  @Override
  public void prepare(PoolingShape shape) {
    context.bind();
    if (!poolings.containsKey(shape)) {
      checkOutsideStep(shape.toString());
      poolings.put(shape, new PoolingPlan(shape, cudnn(), device));
    }
  }

  private ConvolutionPlan plan(ConvolutionShape shape) {
    prepare(shape);
    return convolutions.get(shape);
  }

  private PoolingPlan plan(PoolingShape shape) {
    prepare(shape);
    return poolings.get(shape);
  }

  private void checkOutsideStep(String shape) {
    if (recorder.inStep()) {
      throw new IllegalStateException("the shape " + shape + " was not prepared before the repeated step: its"
          + " plan allocates device memory; call CudnnConvolutions.prepare for each shape before begin()");
    }
  }

  /** Find runs the convolution and waits for it: outside a step or in its first repetition only. */
  private void checkMayFind(String shape) {
    if (recorder.mode() != StepRecorder.Mode.RUN) {
      throw new IllegalStateException("the algorithms of " + shape + " are not chosen yet, and the repeated step is "
          + "being captured; call it once outside the step or in the step's first repetition");
    }
  }

  /** cuDNN and the workspace, on the first call. */
  private Cudnn cudnn() {
    if (cudnn == null) {
      cudnn = new Cudnn(context);
      workspaceBytes = Long.getLong(WORKSPACE_PROPERTY, 32L << 20);
      workspace = (CudaTensor) device.allocate((int) Math.max(1, workspaceBytes / Float.BYTES));
    }
    return cudnn;
  }

  private void checkWorkspace(long bytes, String shape) {
    if (bytes > workspaceBytes) {
      throw new IllegalStateException("the padded gradient of " + shape + " needs " + bytes + " B, more than the cuDNN"
          + " workspace of " + workspaceBytes + " B; raise -D" + WORKSPACE_PROPERTY);
    }
  }

  private void record(String call, long... values) {
    recorder.call(call);
    for (long value : values) {
      recorder.value(value);
    }
  }

  private static void checkBeta(float beta) {
    if (beta != 0f && beta != 1f) {
      throw new IllegalArgumentException("beta must be 0 (overwrite) or 1 (accumulate), found " + beta);
    }
  }

  private static <T> T[] perfs(T[] array) {
    for (int i = 0; i < array.length; i++) {
      array[i] = newPerf(array);
    }
    return array;
  }

  @SuppressWarnings("unchecked")
  private static <T> T newPerf(T[] array) {
    try {
      return (T) array.getClass().getComponentType().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
