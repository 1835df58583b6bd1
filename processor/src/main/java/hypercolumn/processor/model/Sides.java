package hypercolumn.processor.model;

/** Padding in cells on each side of a (C, H, W) input's plane. */
public record Sides(int top, int bottom, int left, int right) {
  /** No padding. */
  public static final Sides NONE = new Sides(0, 0, 0, 0);
}
