package hypercolumn.runtime;

/**
 * The plumbing every generated network would otherwise repeat: the activation arena and its
 * capacity, the argument checks of {@link Model}'s methods, and moving samples, labels and
 * outputs between the host and the arena. A generated class keeps one and delegates to it, so
 * what remains in the class is its schedule and its kernels.
 *
 * <p>The arena is laid out per sample: a buffer at per-sample offset {@code o} of a network with
 * capacity {@code C} starts at {@code o * C}. The generated class names where its input, labels
 * and output live ({@link #input(int, int)}, {@link #labels}, {@link #output}) before the first
 * {@link #reserve}.
 */
public final class ModelSupport {
  private final Device device;
  private final int arenaWidth;
  private final Slice input = new Slice(null, 0);
  private int inputAt;
  private int inputSize;
  private boolean inputCopiedForKernels;
  private int labelsAt;
  private int labelSize;
  private int outputAt;
  private int outputSize;
  private Tensor arena;
  private int capacity;

  private ModelSupport(Device device, int arenaWidth) {
    this.device = device;
    this.arenaWidth = arenaWidth;
  }

  /**
   * Support for a network on {@code device} with {@code arenaWidth} floats of arena per sample;
   * no arena is allocated until the first {@link #reserve}.
   *
   * @param device the device the network's buffers live on
   * @param arenaWidth the floats of activations, input, labels and output one sample needs
   * @return the support, with capacity 0
   * @throws NullPointerException if {@code device} is null
   */
  public static ModelSupport of(Device device, int arenaWidth) {
    if (device == null) {
      throw new NullPointerException("Expected a Device, found null");
    }
    return new ModelSupport(device, arenaWidth);
  }

  /**
   * Places the network's input buffer in the arena.
   *
   * @param at the buffer's per-sample offset in the arena
   * @param size the input's floats per sample
   * @return this support
   */
  public ModelSupport input(int at, int size) {
    this.inputAt = at;
    this.inputSize = size;
    return this;
  }

  /**
   * Makes {@link #useInput} copy the caller's samples into the arena instead of reading them in
   * place, because a fused kernel reads the input and a kernel's arguments point into the arena.
   *
   * @return this support
   */
  public ModelSupport inputCopiedForKernels() {
    this.inputCopiedForKernels = true;
    return this;
  }

  /**
   * Places the network's label buffer in the arena, where {@link #setLabels} writes.
   *
   * @param at the buffer's per-sample offset in the arena
   * @param size the label's floats per sample
   * @return this support
   */
  public ModelSupport labels(int at, int size) {
    this.labelsAt = at;
    this.labelSize = size;
    return this;
  }

  /**
   * Places the network's output buffer in the arena, where {@link #readOutput} and {@link
   * #copyOutput} read.
   *
   * @param at the buffer's per-sample offset in the arena
   * @param size the output's floats per sample
   * @return this support
   */
  public ModelSupport output(int at, int size) {
    this.outputAt = at;
    this.outputSize = size;
    return this;
  }

  /**
   * Where the passes read the input: the arena after {@link #setInput}, the caller's tensor after
   * {@link #useInput}. The same object for the life of the network; only its target moves.
   *
   * @return the input operand of the passes
   */
  public Slice input() {
    return input;
  }

  /** {@return the largest batch the arena holds, 0 before the first {@link #reserve}} */
  public int capacity() {
    return capacity;
  }

  /**
   * Makes room for batches of up to {@code maxBatch} samples; a smaller or equal batch than the
   * capacity keeps the arena as it is.
   *
   * @param maxBatch the largest batch the passes will run
   * @return whether the arena was allocated anew, so the caller must build its slices again
   * @throws IllegalArgumentException if {@code maxBatch < 1}
   */
  public boolean reserve(int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("Expected a batch size of at least 1, found " + maxBatch);
    }
    if (maxBatch <= capacity) {
      return false;
    }
    arena = device.allocate(Math.multiplyExact(arenaWidth, maxBatch));
    capacity = maxBatch;
    input.point(arena, inputAt * maxBatch);
    return true;
  }

  /**
   * Names one of the generated class's buffers in the current arena; a new {@link #reserve}
   * moves the arena, so the slice must be built again then.
   *
   * @param at the buffer's per-sample offset in the arena
   * @return the buffer's first float in the arena, for {@link #capacity()} samples
   */
  public Slice slice(int at) {
    return new Slice(arena, at * capacity);
  }

  /**
   * Checks a pass's batch size against the arena.
   *
   * @param batch the number of samples of the pass
   * @throws IllegalArgumentException unless {@code 1 <= batch <= capacity()}
   */
  public void checkBatch(int batch) {
    if (batch < 1 || batch > capacity) {
      throw new IllegalArgumentException("Expected a batch of 1 to " + capacity + " samples, found " + batch
          + "; call reserve(" + batch + ") first");
    }
  }

  /**
   * Checks that a host array holds what a call reads from it or writes to it.
   *
   * @param values the caller's array
   * @param offset the first float used
   * @param count the number of floats used
   * @throws IllegalArgumentException unless {@code values} holds {@code count} floats from {@code
   *     offset}, {@code offset} not negative
   */
  public static void checkLength(float[] values, int offset, int count) {
    if (offset < 0 || values.length - offset < count) {
      throw new IllegalArgumentException("Expected " + count + " floats from offset " + offset
          + ", found an array of length " + values.length);
    }
  }

  /**
   * Fills {@code count} values with the generator's uniform numbers in {@code [-limit, limit)}:
   * value {@code j} is {@code (2 * Rng.uniform(key, j) - 1) * limit}, so a seed gives the same
   * initial parameters on every device.
   *
   * @param values the array written
   * @param offset the first float written
   * @param count the number of floats written
   * @param key the generator's key ({@link Rng#key})
   * @param limit the bound of the interval, PyTorch's init bound of the layer
   */
  public static void fillUniform(float[] values, int offset, int count, long key, float limit) {
    for (int j = 0; j < count; j++) {
      values[offset + j] = (2f * Rng.uniform(key, j) - 1f) * limit;
    }
  }

  /**
   * {@link Model#setInput}: uploads {@code batch} samples into the arena's input buffer and
   * points {@link #input()} at it.
   *
   * @param samples the host array holding the samples, one after another
   * @param offset the first float of the first sample
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]} or the
   *     samples do not fit {@code samples}
   */
  public void setInput(float[] samples, int offset, int batch) {
    checkBatch(batch);
    checkLength(samples, offset, batch * inputSize);
    device.upload(samples, offset, arena, inputAt * capacity, batch * inputSize);
    input.point(arena, inputAt * capacity);
  }

  /**
   * {@link Model#useInput}: points {@link #input()} at the caller's tensor, or copies the samples
   * into the arena after {@link #inputCopiedForKernels}.
   *
   * @param samples the tensor holding the samples, of this support's device
   * @param offset the first float of the first sample
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]}, or the
   *     tensor is on another device or too short
   */
  public void useInput(Tensor samples, int offset, int batch) {
    checkBatch(batch);
    if (samples.device() != device) {
      throw new IllegalArgumentException("Expected samples on " + device + ", found a tensor on " + samples.device());
    }
    if (offset < 0 || (long) offset + (long) batch * inputSize > samples.size()) {
      throw new IllegalArgumentException("Expected " + inputSize + " floats for each of " + batch + " samples from offset "
          + offset + " in a tensor of " + samples.size() + " floats");
    }
    if (inputCopiedForKernels) {
      device.copy(samples, offset, arena, inputAt * capacity, batch * inputSize);
      input.point(arena, inputAt * capacity);
    } else {
      input.point(samples, offset);
    }
  }

  /**
   * {@link Model#setLabels}: uploads {@code batch} labels into the arena's label buffer.
   *
   * @param labels the host array holding the labels, one sample's after another
   * @param offset the first float of the first label
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]} or the
   *     labels do not fit {@code labels}
   */
  public void setLabels(float[] labels, int offset, int batch) {
    checkBatch(batch);
    checkLength(labels, offset, batch * labelSize);
    device.upload(labels, offset, arena, labelsAt * capacity, batch * labelSize);
  }

  /**
   * {@link Model#readOutput}: downloads {@code batch} outputs from the arena's output buffer.
   *
   * @param target the host array written
   * @param offset the first float of {@code target} written
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]} or the
   *     outputs do not fit {@code target}
   */
  public void readOutput(float[] target, int offset, int batch) {
    checkBatch(batch);
    checkLength(target, offset, batch * outputSize);
    device.download(arena, outputAt * capacity, target, offset, batch * outputSize);
  }

  /**
   * {@link Model#copyOutput}: queues the copy of {@code batch} outputs into {@code copy}.
   *
   * @param copy a host copy of this support's device with room for {@code batch} outputs
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]}
   */
  public void copyOutput(HostCopy copy, int batch) {
    checkBatch(batch);
    copy.start(arena, outputAt * capacity, batch * outputSize);
  }
}
