package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Trainer;

/** XOR, which defeats a single perceptron, learned by a 2-4-1 network trained with backprop. */
public final class XorSample {
  private XorSample() {}

  public static void main(String[] args) {
    try (Device device = SampleDevice.choose(System.out)) {
      XorMlpNet net = new XorMlpNet(device);
      System.out.print(net.summary());
      Dataset xor = xorTable();
      Trainer trainer = Trainer.of(net).optimizer(Adam.lr(0.05f)).batchSize(4).epochs(300).seed(3).quiet();
      trainer.fit(xor);
      int[] predicted = trainer.predictClasses(xor);
      float[] logits = trainer.predict(xor);
      for (int i = 0; i < 4; i++) {
        System.out.printf("%d xor %d -> %d  (p = %.3f)%n", (int) xor.feature(i, 0), (int) xor.feature(i, 1),
            predicted[i], 1 / (1 + Math.exp(-logits[i])));
      }
      System.out.printf("accuracy %.2f%n", trainer.evaluate(xor).accuracy());
    }
  }

  static Dataset xorTable() {
    return Dataset.of(PerceptronSample.INPUTS, new float[][] {{0}, {1}, {1}, {0}});
  }
}
