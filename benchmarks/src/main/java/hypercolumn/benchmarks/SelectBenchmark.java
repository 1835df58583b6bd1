package hypercolumn.benchmarks;

import hypercolumn.runtime.FusedKernel;
import java.util.Random;

/**
 * Why the generated kernels select through {@link FusedKernel#select}: times a 128x256
 * bias-and-ReLU pass and a ReLU-gradient pass on one core, written with a float {@code ?:} and
 * with the select, on data that changes from pass to pass (64 Gaussian batches in turn) and on
 * one batch again and again, which the branch predictor learns. Each figure is the median
 * microseconds of 5 rounds of 2,000 passes after a warm-up, the copy of the batch into place
 * included. Prints one line a figure.
 *
 * <pre>java -cp ... hypercolumn.benchmarks.SelectBenchmark</pre>
 */
public final class SelectBenchmark {
  private static final int ROWS = 128;
  private static final int COLUMNS = 256;
  private static final int BATCHES = 64;
  private static final int PASSES = 2_000;

  private SelectBenchmark() {}

  private interface Pass {
    void run(float[] values, float[] other);
  }

  public static void main(String[] args) {
    Random random = new Random(1);
    float[][] batches = new float[BATCHES][ROWS * COLUMNS];
    for (float[] batch : batches) {
      for (int i = 0; i < batch.length; i++) {
        batch[i] = (float) random.nextGaussian();
      }
    }
    float[] bias = new float[COLUMNS];
    Pass reluBranch = (v, unused) -> {
      for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLUMNS; c++) {
          float x = v[r * COLUMNS + c] + bias[c];
          v[r * COLUMNS + c] = x > 0f ? x : 0f;
        }
      }
    };
    Pass reluSelect = (v, unused) -> {
      for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLUMNS; c++) {
          float x = v[r * COLUMNS + c] + bias[c];
          v[r * COLUMNS + c] = FusedKernel.select(x > 0f, x, 0f);
        }
      }
    };
    Pass gradientBranch = (g, y) -> {
      for (int i = 0; i < g.length; i++) {
        g[i] = y[i] > 0f ? g[i] : 0f;
      }
    };
    Pass gradientSelect = (g, y) -> {
      for (int i = 0; i < g.length; i++) {
        g[i] = FusedKernel.select(y[i] > 0f, g[i], 0f);
      }
    };
    for (boolean fresh : new boolean[] {true, false}) {
      String data = fresh ? "fresh data" : "repeated data";
      report("relu ?:       " + data, reluBranch, batches, fresh);
      report("relu select   " + data, reluSelect, batches, fresh);
      report("relu' ?:      " + data, gradientBranch, batches, fresh);
      report("relu' select  " + data, gradientSelect, batches, fresh);
    }
  }

  private static void report(String name, Pass pass, float[][] batches, boolean fresh) {
    float[] values = new float[ROWS * COLUMNS];
    for (int i = 0; i < PASSES; i++) {
      run(pass, batches, fresh, values, i);
    }
    double[] rounds = new double[5];
    for (int round = 0; round < rounds.length; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < PASSES; i++) {
        run(pass, batches, fresh, values, i);
      }
      rounds[round] = (System.nanoTime() - start) / 1e3 / PASSES;
    }
    System.out.printf("select %-28s %8.1f us%n", name, Stats.median(rounds));
  }

  private static void run(Pass pass, float[][] batches, boolean fresh, float[] values, int i) {
    int batch = fresh ? i % batches.length : 0;
    System.arraycopy(batches[batch], 0, values, 0, values.length);
    pass.run(values, batches[fresh ? (i + 1) % batches.length : 1]);
  }
}
