package hypercolumn.processor.plan;

/** A buffer a block writes, before the arena places it: its name, width and kind. */
public record BufferRequest(String name, int width, Buffer.Kind kind) {

  /** A per-sample buffer of {@code width} floats a sample. */
  public BufferRequest(String name, int width) {
    this(name, width, Buffer.Kind.PER_SAMPLE);
  }
}
