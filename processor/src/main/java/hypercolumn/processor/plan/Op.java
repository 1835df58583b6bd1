package hypercolumn.processor.plan;

import hypercolumn.processor.plan.pointwise.KernelBuffer;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.processor.plan.pointwise.Window;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One device-neutral operation of a forward or backward pass, over the {@code batch} rows the
 * pass is called with. A layer kind lowers itself to a short list of these; the emitters print
 * them in order and decide nothing.
 */
public sealed interface Op {
  /** The arena buffers the op reads or writes, for the lifetime pass. */
  List<String> arenaBuffers();

  /** Calls the visitor's method for this op, so an emitter prints each op without casts. */
  <R> R accept(Visitor<R> visitor);

  /** One method per op. */
  interface Visitor<R> {
    R comment(Comment comment);

    R matMul(MatMul product);

    R sumRows(SumRows sum);

    R softmax(Softmax softmax);

    R softmaxBackward(SoftmaxBackward softmax);

    R drawKey(DrawKey draw);

    R launch(Launch launch);

    R batchLaunch(BatchLaunch launch);

    R byMode(ByMode byMode);

    R requireBatchStatistics(RequireBatchStatistics require);

    R convolution(Convolution convolution);

    R convolutionBackward(ConvolutionBackward backward);

    R pooling(Pooling pooling);

    R poolingBackward(PoolingBackward backward);
  }

  /** The batch-free sizes of the library call the op makes, if it makes one the class declares sizes for. */
  default Optional<Sizes> librarySizes() {
    return Optional.empty();
  }

  /** The op as a kernel launch, if it is one. */
  default Optional<Launch> launched() {
    return Optional.empty();
  }

  /** The kernel the op launches, if it launches one. */
  default Optional<KernelPlan> launchedKernel() {
    return launched().map(Launch::kernel);
  }

  /** The ops inside this one, in order ({@link ByMode}'s two branches), for passes that walk every op. */
  default List<Op> nested() {
    return List.of();
  }

  private static List<String> arena(Operand... operands) {
    return Arrays.stream(operands).map(Operand::arenaBuffer).filter(Objects::nonNull).toList();
  }

  /** A line for a reader of the generated code, such as a layer's banner. */
  record Comment(String text) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.comment(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return List.of();
    }
  }

  /**
   * A matrix product of a layer with weights {@code W} of shape {@code [out, in]}, PyTorch's
   * Linear layout, in one of the three forms a dense layer needs.
   */
  record MatMul(Form form, int in, int out, Operand left, Operand right, Operand result) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.matMul(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return arena(left, right, result);
    }

    public enum Form {
      /** {@code Y (B, out) = X (B, in) W^T}. */
      LINEAR,
      /** {@code dW (out, in) = dY^T (out, B) X (B, in)}. */
      WEIGHT_GRADIENT,
      /** {@code dX (B, in) = dY (B, out) W}. */
      INPUT_GRADIENT
    }
  }

  /** A reduction along the batch axis: {@code target[c] = sum over rows of source[row, c]}. */
  record SumRows(Operand source, int columns, Operand target) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.sumRows(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return arena(source, target);
    }
  }

  /**
   * A library operation on rows that each device implements its own way (a row-wise
   * reduction does not fit a one-thread-per-element kernel): softmax of each row, in place.
   */
  record Softmax(String buffer, int columns) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.softmax(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return List.of(buffer);
    }
  }

  /** The library softmax's backward: the gradient of the input from that of the output, in place. */
  record SoftmaxBackward(String output, String gradient, int columns) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.softmaxBackward(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return List.of(output, gradient);
    }
  }

  /** Draws a dropout's key for this forward, so the kernels of forward and backward share it. */
  record DrawKey(RandomKey key) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.drawKey(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return List.of();
    }
  }

  /**
   * A launch of a fused pointwise kernel.
   *
   * @param key the key the kernel's generator reads, if it draws numbers
   * @param scalars the kernel's scalar arguments, in launch order
   */
  record Launch(KernelPlan kernel, Optional<RandomKey> key, List<ModeScalar> scalars) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.launch(this);
    }

    public Launch {
      scalars = List.copyOf(scalars);
    }

    @Override
    public Optional<Launch> launched() {
      return Optional.of(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return kernel.buffers().stream().filter(b -> b.storage() == KernelBuffer.Storage.ARENA)
          .map(KernelBuffer::region).toList();
    }
  }

  /** A kernel scalar whose value depends on whether forward runs in training or evaluation. */
  record ModeScalar(float training, float evaluation) {}

  /**
   * A launch of a fused kernel whose scalars are {@link #BATCH_SCALARS}, {@code 1 / batch} and
   * {@code 1 / (batch - 1)} of the pass's batch (a batch norm's mean and unbiased variance), or
   * that has no scalars.
   *
   * @param overChannels whether it runs over one row (a per-channel update such as the running
   *     statistics) rather than over the batch's rows
   */
  record BatchLaunch(KernelPlan kernel, boolean overChannels) implements Op {
    public static final List<String> BATCH_SCALARS = List.of("inverseBatch", "inverseBatchLessOne");

    public BatchLaunch {
      if (!kernel.scalars().isEmpty() && !kernel.scalars().equals(BATCH_SCALARS)) {
        throw new IllegalArgumentException("Expected the scalars " + BATCH_SCALARS + " or none, found "
            + kernel.scalars() + " in " + kernel.name());
      }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.batchLaunch(this);
    }

    @Override
    public Optional<KernelPlan> launchedKernel() {
      return Optional.of(kernel);
    }

    @Override
    public List<String> arenaBuffers() {
      return kernel.buffers().stream().filter(b -> b.storage() == KernelBuffer.Storage.ARENA)
          .map(KernelBuffer::region).toList();
    }
  }

  /** Ops that differ between training and evaluation, such as batch norm's statistics. */
  record ByMode(List<Op> training, List<Op> evaluation) implements Op {
    public ByMode {
      training = List.copyOf(training);
      evaluation = List.copyOf(evaluation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.byMode(this);
    }

    @Override
    public List<Op> nested() {
      List<Op> all = new java.util.ArrayList<>(training);
      all.addAll(evaluation);
      return all;
    }

    @Override
    public List<String> arenaBuffers() {
      return nested().stream().flatMap(op -> op.arenaBuffers().stream()).distinct().toList();
    }
  }

  /**
   * Refuses a batch of one sample, whose variance is 0 and unbiased variance undefined, as
   * PyTorch's "Expected more than 1 value per channel when training".
   */
  record RequireBatchStatistics(String layer, int channels) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.requireBatchStatistics(this);
    }

    @Override
    public List<String> arenaBuffers() {
      return List.of();
    }
  }

  /** The sizes of a convolution or pooling, declared once per layer by the generated class. */
  sealed interface Sizes permits ConvolutionSizes, PoolingSizes {
    /** The layer whose call these are. */
    String layer();
  }

  /**
   * A convolution's sizes without the batch.
   *
   * @param window the input's channels and size, the kernel, stride, padding and dilation
   * @param filters the output channels
   */
  record ConvolutionSizes(String layer, Window window, int filters) implements Sizes {}

  /** A pooling's sizes without the batch; the window's dilation is 1. */
  record PoolingSizes(String layer, PoolMode mode, Window window) implements Sizes {}

  /** What a pooling window reduces to. */
  enum PoolMode { MAX, AVERAGE }

  /**
   * A 2-D convolution through the device's library (cuDNN on the GPU, im2col and GEMM on the
   * CPU): {@code output = conv2d(input, weight) + bias}, NCHW, weight {@code [filters, in, kh, kw]}.
   */
  record Convolution(ConvolutionSizes sizes, Operand input, Operand weight, Optional<Operand> bias, Operand output)
      implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.convolution(this);
    }

    @Override
    public Optional<Sizes> librarySizes() {
      return Optional.of(sizes);
    }

    @Override
    public List<String> arenaBuffers() {
      return arena(input, weight, bias.orElse(weight), output);
    }
  }

  /**
   * One of a convolution's three gradients, overwriting {@code result}: the input's from the
   * output's gradient and the weight, the weight's from the input and the output's gradient, or
   * the bias's from the output's gradient alone ({@code other} empty).
   */
  record ConvolutionBackward(Form form, ConvolutionSizes sizes, Operand gradient, Optional<Operand> other,
      Operand result) implements Op {
    public enum Form { INPUT_GRADIENT, WEIGHT_GRADIENT, BIAS_GRADIENT }

    public ConvolutionBackward {
      if (other.isEmpty() != (form == Form.BIAS_GRADIENT)) {
        throw new IllegalArgumentException("Expected a second operand exactly when not the bias gradient, found "
            + form + " with " + other);
      }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.convolutionBackward(this);
    }

    @Override
    public Optional<Sizes> librarySizes() {
      return Optional.of(sizes);
    }

    @Override
    public List<String> arenaBuffers() {
      return arena(gradient, other.orElse(gradient), result);
    }
  }

  /** A max or average pooling through the device's library. */
  record Pooling(PoolingSizes sizes, Operand input, Operand output) implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.pooling(this);
    }

    @Override
    public Optional<Sizes> librarySizes() {
      return Optional.of(sizes);
    }

    @Override
    public List<String> arenaBuffers() {
      return arena(input, output);
    }
  }

  /** A pooling's input gradient from its input, output and output gradient, overwriting {@code inputGradient}. */
  record PoolingBackward(PoolingSizes sizes, Operand input, Operand output, Operand gradient, Operand inputGradient)
      implements Op {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.poolingBackward(this);
    }

    @Override
    public Optional<Sizes> librarySizes() {
      return Optional.of(sizes);
    }

    @Override
    public List<String> arenaBuffers() {
      return arena(input, output, gradient, inputGradient);
    }
  }
}
