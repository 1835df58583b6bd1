package hypercolumn.runtime.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps each feature linearly so that the smallest value of the data set it was fitted on becomes
 * {@code low} and the largest {@code high} ([0, 1] by default), as scikit-learn's {@code
 * MinMaxScaler}: {@code low + (x - min) * (high - low) / (max - min)}. A constant feature (max ==
 * min) becomes {@code low + (x - min)}, as scikit-learn treats a zero range as 1. New samples may
 * fall outside [low, high]; they are not clipped.
 */
public final class MinMaxScaler implements Scaler {
  static final String KIND = "minmax";
  private static final String MIN_KEY = METADATA_KEY + ".min";
  private static final String MAX_KEY = METADATA_KEY + ".max";
  private static final String RANGE_KEY = METADATA_KEY + ".range";

  private final float[] min;
  private final float[] max;
  private final float low;
  private final float high;

  private MinMaxScaler(float[] min, float[] max, float low, float high) {
    this.min = min;
    this.max = max;
    this.low = low;
    this.high = high;
  }

  /**
   * Fitted to map each feature's range on {@code data} onto [0, 1].
   *
   * @param data the training samples
   * @return the fitted scaler
   */
  public static MinMaxScaler fit(Dataset data) {
    return fit(data, 0f, 1f);
  }

  /**
   * Fitted to map each feature's range on {@code data} onto [low, high].
   *
   * @throws IllegalArgumentException if the data set is empty or {@code low >= high}
   * @param data the training samples
   * @param low what each feature's smallest value becomes
   * @param high what each feature's largest value becomes
   * @return the fitted scaler
   */
  public static MinMaxScaler fit(Dataset data, float low, float high) {
    if (!(low < high)) {
      throw new IllegalArgumentException("the range needs low < high, found [" + low + ", " + high + "]");
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot fit a scaler on an empty data set");
    }
    int width = data.featureSize();
    float[] min = new float[width];
    float[] max = new float[width];
    for (int j = 0; j < width; j++) {
      min[j] = data.feature(0, j);
      max[j] = min[j];
    }
    for (int i = 1; i < data.size(); i++) {
      for (int j = 0; j < width; j++) {
        min[j] = Math.min(min[j], data.feature(i, j));
        max[j] = Math.max(max[j], data.feature(i, j));
      }
    }
    return new MinMaxScaler(min, max, low, high);
  }

  static MinMaxScaler fromMetadata(Map<String, String> metadata) {
    float[] min = ScalerValues.floats(metadata, MIN_KEY, -1);
    float[] max = ScalerValues.floats(metadata, MAX_KEY, min.length);
    float[] range = ScalerValues.floats(metadata, RANGE_KEY, 2);
    if (!(range[0] < range[1])) {
      throw new IllegalArgumentException(RANGE_KEY + " needs low < high, found " + ScalerValues.join(range));
    }
    return new MinMaxScaler(min, max, range[0], range[1]);
  }

  @Override
  public int featureSize() {
    return min.length;
  }

  @Override
  public Dataset transform(Dataset data) {
    ScalerValues.checkData(data, min.length);
    float[] x = data.features();
    for (int i = 0; i < x.length; i++) {
      x[i] = scale(x[i], i % min.length);
    }
    return data.withFeatures(x);
  }

  @Override
  public float[] transform(float[] sample) {
    ScalerValues.checkSample(sample, min.length);
    float[] x = new float[sample.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = scale(sample[j], j);
    }
    return x;
  }

  private float scale(float value, int feature) {
    double range = (double) max[feature] - min[feature];
    double unit = ((double) value - min[feature]) / (range == 0 ? 1 : range);
    return (float) (low + unit * ((double) high - low));
  }

  @Override
  public Map<String, String> toMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(METADATA_KEY, KIND);
    metadata.put(MIN_KEY, ScalerValues.join(min));
    metadata.put(MAX_KEY, ScalerValues.join(max));
    metadata.put(RANGE_KEY, ScalerValues.join(new float[] {low, high}));
    return metadata;
  }

  /** {@return each feature's smallest value in the fitted data, a copy} */
  public float[] min() {
    return min.clone();
  }

  /** {@return each feature's largest value in the fitted data, a copy} */
  public float[] max() {
    return max.clone();
  }

  @Override
  public String toString() {
    return "MinMaxScaler[min " + ScalerValues.join(min) + ", max " + ScalerValues.join(max) + ", onto ["
        + low + ", " + high + "]]";
  }
}
