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
   * Support for a network on {@code device} with {@code arenaWidth} floats of arena per sample.
   *
   * @throws NullPointerException if {@code device} is null
   */
  public static ModelSupport of(Device device, int arenaWidth) {
    if (device == null) {
      throw new NullPointerException("Expected a Device, found null");
    }
    return new ModelSupport(device, arenaWidth);
  }

  /** The network's input buffer: {@code size} floats a sample at per-sample offset {@code at}. */
  public ModelSupport input(int at, int size) {
    this.inputAt = at;
    this.inputSize = size;
    return this;
  }

  /**
   * Makes {@link #useInput} copy the caller's samples into the arena instead of reading them in
   * place, because a fused kernel reads the input and a kernel's arguments point into the arena.
   */
  public ModelSupport inputCopiedForKernels() {
    this.inputCopiedForKernels = true;
    return this;
  }

  public ModelSupport labels(int at, int size) {
    this.labelsAt = at;
    this.labelSize = size;
    return this;
  }

  public ModelSupport output(int at, int size) {
    this.outputAt = at;
    this.outputSize = size;
    return this;
  }

  /**
   * Where the passes read the input: the arena after {@link #setInput}, the caller's tensor after
   * {@link #useInput}. The same object for the life of the network; only its target moves.
   */
  public Slice input() {
    return input;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Makes room for batches of up to {@code maxBatch} samples.
   *
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

  /** The arena buffer at per-sample offset {@code at}, for the current capacity. */
  public Slice slice(int at) {
    return new Slice(arena, at * capacity);
  }

  /** @throws IllegalArgumentException unless {@code 1 <= batch <= capacity()} */
  public void checkBatch(int batch) {
    if (batch < 1 || batch > capacity) {
      throw new IllegalArgumentException("Expected a batch of 1 to " + capacity + " samples, found " + batch
          + "; call reserve(" + batch + ") first");
    }
  }

  /** @throws IllegalArgumentException unless {@code values} holds {@code count} floats from {@code offset} */
  public static void checkLength(float[] values, int offset, int count) {
    if (offset < 0 || values.length - offset < count) {
      throw new IllegalArgumentException("Expected " + count + " floats from offset " + offset
          + ", found an array of length " + values.length);
    }
  }

  /** Fills {@code count} values with the generator's uniform numbers in {@code [-limit, limit)}. */
  public static void fillUniform(float[] values, int offset, int count, long key, float limit) {
    for (int j = 0; j < count; j++) {
      values[offset + j] = (2f * Rng.uniform(key, j) - 1f) * limit;
    }
  }

  /** {@link Model#setInput}. */
  public void setInput(float[] samples, int offset, int batch) {
    checkBatch(batch);
    checkLength(samples, offset, batch * inputSize);
    device.upload(samples, offset, arena, inputAt * capacity, batch * inputSize);
    input.point(arena, inputAt * capacity);
  }

  /** {@link Model#useInput}. */
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

  /** {@link Model#setLabels}. */
  public void setLabels(float[] labels, int offset, int batch) {
    checkBatch(batch);
    checkLength(labels, offset, batch * labelSize);
    device.upload(labels, offset, arena, labelsAt * capacity, batch * labelSize);
  }

  /** {@link Model#readOutput}. */
  public void readOutput(float[] target, int offset, int batch) {
    checkBatch(batch);
    checkLength(target, offset, batch * outputSize);
    device.download(arena, outputAt * capacity, target, offset, batch * outputSize);
  }

  /** {@link Model#copyOutput}. */
  public void copyOutput(HostCopy copy, int batch) {
    checkBatch(batch);
    copy.start(arena, outputAt * capacity, batch * outputSize);
  }
}
