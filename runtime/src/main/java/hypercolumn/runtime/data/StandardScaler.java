package hypercolumn.runtime.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Standardizes each feature to zero mean and unit variance, with the mean and (population)
 * standard deviation of the data set it was fitted on, as scikit-learn's {@code StandardScaler}.
 * A constant feature has standard deviation 0 and is only centred. Fit on the training set and
 * transform every set, and every new sample, with the same scaler.
 */
public final class StandardScaler implements Scaler {
  static final String KIND = "standard";
  private static final String MEAN_KEY = METADATA_KEY + ".mean";
  private static final String STD_KEY = METADATA_KEY + ".std";

  private final float[] mean;
  private final float[] std;

  private StandardScaler(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * Per-feature mean and standard deviation of the data set.
   *
   * @param data the training samples
   * @return the fitted scaler
   * @throws IllegalArgumentException if the data set is empty
   */
  public static StandardScaler fit(Dataset data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot fit a scaler on an empty data set");
    }
    int n = data.size();
    int width = data.featureSize();
    // Two passes in double: the mean first, then squared deviations, which stays accurate when
    // the mean is large compared with the spread.
    double[] sum = new double[width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        sum[j] += data.feature(i, j);
      }
    }
    double[] squares = new double[width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        double d = data.feature(i, j) - sum[j] / n;
        squares[j] += d * d;
      }
    }
    float[] mean = new float[width];
    float[] std = new float[width];
    for (int j = 0; j < width; j++) {
      mean[j] = (float) (sum[j] / n);
      double s = Math.sqrt(squares[j] / n);
      std[j] = s == 0 ? 1f : (float) s;
    }
    return new StandardScaler(mean, std);
  }

  static StandardScaler fromMetadata(Map<String, String> metadata) {
    float[] mean = ScalerValues.floats(metadata, MEAN_KEY, -1);
    float[] std = ScalerValues.floats(metadata, STD_KEY, mean.length);
    for (int j = 0; j < std.length; j++) {
      if (!(std[j] > 0)) {
        throw new IllegalArgumentException(STD_KEY + " value " + j + " is " + std[j] + ", not positive");
      }
    }
    return new StandardScaler(mean, std);
  }

  @Override
  public int featureSize() {
    return mean.length;
  }

  /** A new data set with {@code (x - mean) / std} for every feature; labels are kept. */
  @Override
  public Dataset transform(Dataset data) {
    ScalerValues.checkData(data, mean.length);
    float[] x = data.features();
    for (int i = 0; i < x.length; i++) {
      int j = i % mean.length;
      x[i] = (x[i] - mean[j]) / std[j];
    }
    return data.withFeatures(x);
  }

  /** {@code (x - mean) / std} for each feature of one sample, as a new array. */
  @Override
  public float[] transform(float[] sample) {
    ScalerValues.checkSample(sample, mean.length);
    float[] x = new float[sample.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = (sample[j] - mean[j]) / std[j];
    }
    return x;
  }

  @Override
  public Map<String, String> toMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(METADATA_KEY, KIND);
    metadata.put(MEAN_KEY, ScalerValues.join(mean));
    metadata.put(STD_KEY, ScalerValues.join(std));
    return metadata;
  }

  /** {@return the fitted means, a copy} */
  public float[] mean() {
    return mean.clone();
  }

  /** {@return standard deviations, with 1 in place of 0 for constant features} */
  public float[] std() {
    return std.clone();
  }

  @Override
  public String toString() {
    return "StandardScaler[mean " + ScalerValues.join(mean) + ", std " + ScalerValues.join(std) + "]";
  }
}
