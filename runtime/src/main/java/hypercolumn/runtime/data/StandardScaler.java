package hypercolumn.runtime.data;

/**
 * Standardizes each feature to zero mean and unit variance, with the mean and (population)
 * standard deviation of the data set it was fitted on, as scikit-learn's {@code StandardScaler}.
 * A constant feature has standard deviation 0 and is only centred. Fit on the training set and
 * transform every set with the same scaler.
 */
public final class StandardScaler {
  private final float[] mean;
  private final float[] std;

  private StandardScaler(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Per-feature mean and standard deviation of the data set. */
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

  /** A new data set with {@code (x - mean) / std} for every feature; labels are kept. */
  public Dataset transform(Dataset data) {
    if (data.featureSize() != mean.length) {
      throw new IllegalArgumentException(
          "scaler was fitted on " + mean.length + " features per sample, the data set has "
              + data.featureSize());
    }
    float[] x = data.features();
    for (int i = 0; i < x.length; i++) {
      int j = i % mean.length;
      x[i] = (x[i] - mean[j]) / std[j];
    }
    return data.withFeatures(x);
  }

  public float[] mean() {
    return mean.clone();
  }

  /** Standard deviations, with 1 in place of 0 for constant features. */
  public float[] std() {
    return std.clone();
  }
}
