package hypercolumn.processor.plan;

/**
 * A placed region of one of the network's arenas. A per-sample buffer holds {@code width}
 * floats per sample: the arena is laid out per sample, so for a capacity of {@code C} samples
 * the buffer starts at {@code offset * C} and holds a row-major {@code (C, width)} block, and
 * two buffers disjoint per sample are disjoint for every capacity.
 */
public record Buffer(String name, int width, int offset, Kind kind) {

  /** A per-sample buffer, the kind every layer kind uses today. */
  public Buffer(String name, int width, int offset) {
    this(name, width, offset, Kind.PER_SAMPLE);
  }

  /**
   * What a buffer holds, which decides the arena it lives in and how it grows with the batch.
   * Buffers of different arenas never compete for space.
   */
  public enum Kind {
    /** {@code width} floats per sample: activations and their gradients. */
    PER_SAMPLE,
    /**
     * {@code width} floats in all, one per channel whatever the batch, such as a batch norm's
     * batch statistics; an arena of its own.
     */
    PER_CHANNEL,
    /**
     * {@code width} floats per sample that one step writes and reads, such as a convolution's
     * workspace; it shares the per-sample arena but may not outlive its step.
     */
    BATCH_SCRATCH,
    /** {@code width} integer indices per sample, such as max pooling's argmax; an arena of its own. */
    INDICES;

    /** The kind whose arena holds this kind's buffers. */
    public Kind arena() {
      return this == BATCH_SCRATCH ? PER_SAMPLE : this;
    }

    /** Whether the buffer's size is {@code width} times the batch capacity. */
    public boolean perSample() {
      return this != PER_CHANNEL;
    }
  }
}
