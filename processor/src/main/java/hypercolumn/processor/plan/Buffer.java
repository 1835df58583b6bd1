package hypercolumn.processor.plan;

/**
 * A region of the activation arena holding {@code width} floats per sample. The arena is laid
 * out per sample: for a capacity of {@code C} samples the buffer starts at {@code offset * C} and
 * holds a row-major {@code (C, width)} block, so two buffers disjoint per sample are disjoint for
 * every capacity.
 */
public record Buffer(String name, int width, int offset) {}
