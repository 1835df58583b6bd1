package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Devices;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.runtime.train.Trainer;
import java.io.PrintStream;

/**
 * The perceptron learns AND and OR with the perceptron rule, and fails on XOR: no single line
 * separates XOR's two classes, which is the classic argument for hidden layers.
 */
public final class PerceptronSample {
  static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  static final int[] AND = {0, 0, 0, 1};
  static final int[] OR = {0, 1, 1, 1};
  static final int[] XOR = {0, 1, 1, 0};

  private PerceptronSample() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    try (Device device = SampleDevice.choose(out)) {
      learn("AND", AND, device, out);
      learn("OR", OR, device, out);
      double xor = learn("XOR", XOR, device, out);
      out.printf("XOR: %.0f%% right. One threshold unit draws one line; XOR needs two,"
          + " so it needs a hidden layer (./demo.sh xor).%n", 100 * xor);
    }
  }

  /** {@link #learn(String, int[], Device, PrintStream)} on a CPU device of its own. */
  static double learn(String gate, int[] truthTable, PrintStream out) {
    try (Device cpu = Devices.cpu()) {
      return learn(gate, truthTable, cpu, out);
    }
  }

  /** Trains a fresh threshold logic unit on a truth table; returns its final accuracy. */
  static double learn(String gate, int[] truthTable, Device device, PrintStream out) {
    ThresholdLogicUnitNet unit = new ThresholdLogicUnitNet(device);
    float[][] targets = new float[truthTable.length][];
    for (int i = 0; i < truthTable.length; i++) {
      targets[i] = new float[] {truthTable[i]};
    }
    Dataset table = Dataset.of(INPUTS, targets);
    // Batch size 1 and SGD: each step is w += lr * (target - prediction) * x.
    Trainer trainer = Trainer.of(unit).optimizer(Sgd.lr(0.1f)).batchSize(1).epochs(20).seed(1).quiet();
    trainer.fit(table);
    double accuracy = trainer.evaluate(table).accuracy();
    float[] weights = new float[unit.parameterCount()];
    unit.device().download(unit.parameterBuffer(), 0, weights, 0, weights.length);
    int[] predicted = trainer.predictClasses(table);
    out.printf("%-3s  w = (%.2f, %.2f)  b = %.2f  ", gate, weights[0], weights[1], weights[2]);
    for (int i = 0; i < INPUTS.length; i++) {
      out.printf(" %d%d->%d", (int) INPUTS[i][0], (int) INPUTS[i][1], predicted[i]);
    }
    out.printf("   accuracy %.2f%n", accuracy);
    return accuracy;
  }
}
