package hypercolumn.runtime.cpu;

import hypercolumn.runtime.Tensor;

/**
 * Prints the CPU GEMM's throughput at the shapes of an MLP 784-256-128-10 at batch 128 and at
 * 1024^3. Run with {@code java -cp runtime/target/classes:runtime/target/test-classes
 * hypercolumn.runtime.cpu.GemmBench [threads]}.
 */
public final class GemmBench {
  private GemmBench() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : CpuDevice.defaultThreads();
    try (CpuDevice device = new CpuDevice(threads)) {
      System.out.println(device.describe());
      measure(device, "forward  X*W^T  (NT)", false, true, 128, 256, 784);
      measure(device, "dW = dZ^T*X     (TN)", true, false, 256, 784, 128);
      measure(device, "dX = dZ*W       (NN)", false, false, 128, 784, 256);
      measure(device, "1024^3          (NN)", false, false, 1024, 1024, 1024);
      measure(device, "1024^3          (NT)", false, true, 1024, 1024, 1024);
      measure(device, "2x2x2 tiny      (NN)", false, false, 2, 2, 2);
    }
  }

  private static void measure(
      CpuDevice device, String name, boolean ta, boolean tb, int m, int n, int k) {
    Tensor a = device.allocate(m * k);
    Tensor b = device.allocate(k * n);
    Tensor c = device.allocate(m * n);
    java.util.Random random = new java.util.Random(1);
    for (float[] array : new float[][] {a.hostArray(), b.hostArray()}) {
      for (int i = 0; i < array.length; i++) {
        array[i] = random.nextFloat() - 0.5f;
      }
    }
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    double flops = 2.0 * m * n * k;
    int reps = (int) Math.max(3, Math.min(1_000_000, 2e9 / flops));
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        device.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
      }
      best = Math.min(best, (System.nanoTime() - start) / (double) reps);
    }
    System.out.printf("%s m=%d n=%d k=%d: %8.1f GFLOP/s, %10.1f us%n",
        name, m, n, k, flops / best, best / 1e3);
  }
}
