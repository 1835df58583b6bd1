package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.Split;
import hypercolumn.runtime.data.StandardScaler;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Evaluation;
import hypercolumn.runtime.train.Trainer;

/**
 * Weight (kg) and height (cm) in, child (0) or adult (1) out, with the 2-2-1 sigmoid network of
 * the textbook. The inputs are standardized first: raw kilograms and centimetres would saturate
 * the sigmoids.
 */
public final class BodyShapeSample {
  private BodyShapeSample() {}

  public static void main(String[] args) {
    try (Device device = SampleDevice.choose(System.out)) {
      BodyShapeNet net = new BodyShapeNet(device);
      System.out.print(net.summary());
      Split split = people(400, 7).split(0.75, 7);
      StandardScaler scaler = StandardScaler.fit(split.train());
      Dataset train = scaler.transform(split.train());
      Dataset test = scaler.transform(split.test());
      Trainer trainer = Trainer.of(net).optimizer(Adam.lr(0.05f)).batchSize(16).epochs(60).seed(7).quiet();
      trainer.fit(train);
      Evaluation result = trainer.evaluate(test);
      System.out.printf("test: mean squared error %.4f, accuracy %.3f on %d people%n",
          result.loss(), accuracy(trainer.predict(test), test), result.samples());
    }
  }

  /** The fraction of people whose output is on the right side of 0.5. */
  static double accuracy(float[] outputs, Dataset data) {
    int correct = 0;
    for (int i = 0; i < outputs.length; i++) {
      if ((outputs[i] >= 0.5f) == (data.label(i, 0) == 1)) {
        correct++;
      }
    }
    return (double) correct / outputs.length;
  }

  /**
   * A made-up population drawn from the counter-based generator: children about 25 kg and
   * 125 cm, adults about 75 kg and 175 cm, with overlapping spreads.
   */
  static Dataset people(int count, long seed) {
    long key = Rng.key(seed, 0, 0);
    float[][] features = new float[count][];
    float[][] labels = new float[count][];
    for (int i = 0; i < count; i++) {
      boolean adult = i % 2 == 1;
      double weight = (adult ? 75 : 25) + (adult ? 12 : 8) * gaussian(key, 4L * i);
      double height = (adult ? 172 : 125) + (adult ? 9 : 15) * gaussian(key, 4L * i + 2);
      features[i] = new float[] {(float) weight, (float) height};
      labels[i] = new float[] {adult ? 1 : 0};
    }
    return Dataset.of(features, labels);
  }

  /** A standard normal value from two uniforms (Box-Muller). */
  private static double gaussian(long key, long index) {
    double u = 1.0 - Rng.uniform(key, index);
    double v = Rng.uniform(key, index + 1);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
