package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.runtime.train.Trainer;

/** Fits y = w * x + b to (1,2), (3,4), (5,6), (7,8) by gradient descent and predicts x = 8. */
public final class StraightLineSample {
  private StraightLineSample() {}

  public static void main(String[] args) {
    try (Device device = SampleDevice.choose(System.out)) {
      StraightLineNet line = new StraightLineNet(device);
      Dataset points = Dataset.of(new float[][] {{1}, {3}, {5}, {7}}, new float[][] {{2}, {4}, {6}, {8}});
      Trainer trainer = Trainer.of(line).optimizer(Sgd.lr(0.02f)).batchSize(4).epochs(2000).seed(1).quiet();
      trainer.fit(points);
      float[] wb = new float[2];
      line.device().download(line.parameterBuffer(), 0, wb, 0, 2);
      System.out.printf("learned y = %.4f * x + %.4f  (mean squared error %.2e)%n",
          wb[0], wb[1], trainer.evaluate(points).loss());
      System.out.printf("x = 8 -> y = %.4f%n", predictAt(trainer, 8));
    }
  }

  static float predictAt(Trainer trainer, float x) {
    return trainer.predict(new float[] {x}, 1)[0];
  }
}
