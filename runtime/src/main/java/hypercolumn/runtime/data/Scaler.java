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

  /**
   * Features per sample the scaler was fitted on.
   *
   * @return the width of the samples it transforms
   */
  int featureSize();

  /**
   * A new data set with every sample transformed; labels are kept.
   *
   * @param data samples of {@link #featureSize()} features
   * @return the transformed data set
   * @throws IllegalArgumentException if the samples do not have {@link #featureSize()} features
   */
  Dataset transform(Dataset data);

  /**
   * One sample transformed, as a new array.
   *
   * @throws IllegalArgumentException if the sample does not have {@link #featureSize()} values
   * @param sample one sample's raw features
   * @return its transformed features
   */
  float[] transform(float[] sample);

  /**
   * The scaler as strings for a safetensors file's {@code __metadata__}: {@link #METADATA_KEY}
   * with its kind and its fitted values under keys that start with it. Floats are written by
   * {@link Float#toString}, so they read back exactly.
   *
   * @return the entries, in a fixed order
   */
  Map<String, String> toMetadata();

  /**
   * The scaler that {@link #toMetadata()} wrote into {@code metadata}, if any.
   *
   * @throws IllegalArgumentException if the scaler's entries are incomplete or malformed
   * @param metadata a safetensors file's {@code __metadata__}
   * @return the scaler, or empty if the metadata holds none
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
}
