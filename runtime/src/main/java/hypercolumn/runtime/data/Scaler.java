package hypercolumn.runtime.data;

import java.util.Map;
import java.util.Optional;

/**
 * A per-feature transformation fitted on training data, applied to every data set and to each
 * new sample before it reaches the network. A scaler travels with the model: {@code
 * Weights.save(model, file, scaler)} writes it into the weight file's metadata, and {@code
 * Predictor.load} reads it back, so a reloaded model is given raw measurements.
 */
public sealed interface Scaler permits StandardScaler, MinMaxScaler {
  /** The metadata key that names the kind of scaler; the others start with it and a dot. */
  String METADATA_KEY = "hypercolumn.scaler";

  /** Features per sample the scaler was fitted on. */
  int featureSize();

  /** A new data set with every sample transformed; labels are kept. */
  Dataset transform(Dataset data);

  /**
   * One sample transformed, as a new array.
   *
   * @throws IllegalArgumentException if the sample does not have {@link #featureSize()} values
   */
  float[] transform(float[] sample);

  /**
   * The scaler as strings for a safetensors file's {@code __metadata__}: {@link #METADATA_KEY}
   * with its kind and its fitted values under keys that start with it. Floats are written by
   * {@link Float#toString}, so they read back exactly.
   */
  Map<String, String> toMetadata();

  /**
   * The scaler that {@link #toMetadata()} wrote into {@code metadata}, if any.
   *
   * @throws IllegalArgumentException if the scaler's entries are incomplete or malformed
   */
  static Optional<Scaler> fromMetadata(Map<String, String> metadata) {
    String kind = metadata.get(METADATA_KEY);
    if (kind == null) {
      return Optional.empty();
    }
    return Optional.of(switch (kind) {
      case StandardScaler.KIND -> StandardScaler.fromMetadata(metadata);
      case MinMaxScaler.KIND -> MinMaxScaler.fromMetadata(metadata);
      default -> throw new IllegalArgumentException(METADATA_KEY + " is '" + kind
          + "', expected '" + StandardScaler.KIND + "' or '" + MinMaxScaler.KIND + "'");
    });
  }

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
