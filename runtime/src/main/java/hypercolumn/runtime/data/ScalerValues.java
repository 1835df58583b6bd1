package hypercolumn.runtime.data;

import java.util.Map;

/** The scalers' shared checks and their metadata text (floats joined by commas). */
final class ScalerValues {
  private ScalerValues() {}

  /** Floats joined by commas, each as {@link Float#toString} writes it. */
  static String join(float[] values) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      s.append(i == 0 ? "" : ",").append(values[i]);
    }
    return s.toString();
  }

  /** The floats under {@code key}, which must number {@code count} (or any if negative). */
  static float[] floats(Map<String, String> metadata, String key, int count) {
    String text = metadata.get(key);
    if (text == null) {
      throw new IllegalArgumentException("scaler metadata lacks " + key);
    }
    String[] parts = text.split(",");
    if (count >= 0 && parts.length != count) {
      throw new IllegalArgumentException(
          key + " has " + parts.length + " values, expected " + count);
    }
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Float.parseFloat(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " value " + i + " is '" + parts[i] + "', not a number");
      }
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(key + " value " + i + " is " + values[i] + ", not finite");
      }
    }
    return values;
  }

  /** Checks a single sample's length against the fitted width. */
  static void checkSample(float[] sample, int featureSize) {
    if (sample.length != featureSize) {
      throw new IllegalArgumentException("scaler was fitted on " + featureSize
          + " features per sample, the sample has " + sample.length);
    }
  }

  /** Checks a data set's width against the fitted width. */
  static void checkData(Dataset data, int featureSize) {
    if (data.featureSize() != featureSize) {
      throw new IllegalArgumentException("scaler was fitted on " + featureSize
          + " features per sample, the data set has " + data.featureSize());
    }
  }
}
