package hypercolumn.processor.plan;

/** A buffer a block writes, before the arena places it: its name and floats per sample. */
public record BufferRequest(String name, int width) {}
