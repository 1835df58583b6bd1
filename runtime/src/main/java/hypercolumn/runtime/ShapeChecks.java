package hypercolumn.runtime;

/** The argument checks {@link ConvolutionShape} and {@link PoolingShape} share. */
final class ShapeChecks {
  private ShapeChecks() {}

  /** Each value of the {@code name, value} pairs is at least {@code low}. */
  static void atLeast(int low, Object... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      int value = (Integer) namesAndValues[i + 1];
      if (value < low) {
        throw new IllegalArgumentException("Expected " + namesAndValues[i] + " of at least " + low
            + ", found " + value);
      }
    }
  }

  /** The padded extent holds at least one window: {@code size + before + after >= span}. */
  static void outputSize(String axis, int size, int before, int after, int span, int stride) {
    long padded = (long) size + before + after;
    if (padded < span) {
      throw new IllegalArgumentException("Expected a window of at most the padded " + axis + ", found "
          + span + " > " + size + " + " + before + " + " + after + " = " + padded
          + ", so the output " + axis + " (" + padded + " - " + span + ") / " + stride + " + 1 is below 1");
    }
  }
}
