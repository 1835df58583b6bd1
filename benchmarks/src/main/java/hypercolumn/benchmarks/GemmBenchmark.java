package hypercolumn.benchmarks;

import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import java.util.Random;

/**
 * GFLOP/s of the CPU device's GEMM at the MLP's shapes and at 2048^3, for the vector and the
 * plain path in one JVM (the path is picked when a device is made, from the system property
 * hypercolumn.gemm). A hand-written harness: every shape warms up for 0.3 s before any is
 * timed, then each reports the median of 7 timed rounds of about 30 ms. Prints one line per
 * shape and path: {@code gemm MxNxK OP kernel=K gflops=G}.
 *
 * <p>Arguments: {@code --threads N}, {@code --kernels vector,plain}, {@code --shapes
 * M,N,K,OP;...} (OP: NN, NT, TN or TT), {@code --quick} (skips 2048^3).
 */
public final class GemmBenchmark {
  /** m, n, k and the transposes of A and B, as torch_mlp.py --gemm names them. */
  static final String[] SHAPES = {"128,256,784,NT", "256,784,128,TN", "128,784,256,NN", "2048,2048,2048,NN"};

  private GemmBenchmark() {}

  public static void main(String[] args) {
    int threads = CpuDevice.defaultThreads();
    String kernels = "vector,plain";
    boolean quick = false;
    String[] shapes = SHAPES;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--kernels" -> kernels = args[++i];
        case "--quick" -> quick = true;
        case "--shapes" -> shapes = args[++i].split(";");
        default -> throw new IllegalArgumentException(
            "Unknown argument '" + args[i] + "'; expected --threads N, --kernels LIST, --shapes M,N,K,OP;... or --quick");
      }
    }
    for (String kernel : kernels.split(",")) {
      System.setProperty("hypercolumn.gemm", kernel);
      try (CpuDevice device = new CpuDevice(threads)) {
        java.util.List<int[]> selected = new java.util.ArrayList<>();
        java.util.List<String> ops = new java.util.ArrayList<>();
        for (String shape : shapes) {
          String[] parts = shape.split(",");
          int m = Integer.parseInt(parts[0]);
          int n = Integer.parseInt(parts[1]);
          int k = Integer.parseInt(parts[2]);
          if (!(quick && (long) m * n * k > 1L << 30)) {
            selected.add(new int[] {m, n, k});
            ops.add(parts[3]);
          }
        }
        // Every shape runs before any is timed: the first shape timed used to include the JIT
        // compiling the engine's loops (measured 45 instead of 61 GFLOP/s).
        for (int s = 0; s < selected.size(); s++) {
          int[] d = selected.get(s);
          run(device, ops.get(s), d[0], d[1], d[2], WARM_UP_NANOS, 1);
        }
        for (int s = 0; s < selected.size(); s++) {
          int[] d = selected.get(s);
          double gflops = run(device, ops.get(s), d[0], d[1], d[2], WARM_UP_NANOS / 4, 7);
          System.out.printf("gemm %dx%dx%d %s kernel=%s gflops=%.2f%n", d[0], d[1], d[2],
              ops.get(s), device.gemmKernel(), gflops);
        }
      }
    }
  }

  /** Warm-up time per shape before any shape is timed. */
  static final long WARM_UP_NANOS = 300_000_000L;

  /** Floating-point operations per timed round: about 30 ms at 60 GFLOP/s. */
  static final double ROUND_FLOPS = 2e9;

  private static double run(CpuDevice device, String op, int m, int n, int k, long warmUp,
      int rounds) {
    return measure(device, op.charAt(0) == 'T', op.charAt(1) == 'T', m, n, k, warmUp, rounds);
  }

  /** The same seeded values in [-0.5, 0.5) in A ({@code m x k}) and B ({@code k x n}) on every run. */
  static void fillOperands(CpuDevice device, Tensor a, Tensor b, int m, int n, int k) {
    Random random = new Random(1);
    float[] values = new float[Math.max(m * k, k * n)];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() - 0.5f;
    }
    device.upload(values, 0, a, 0, m * k);
    device.upload(values, 0, b, 0, k * n);
  }

  /**
   * The median GFLOP/s of {@code roundCount} rounds of at least {@link #ROUND_FLOPS}, after
   * running for {@code warmUpNanos}.
   */
  static double measure(CpuDevice device, boolean ta, boolean tb, int m, int n, int k,
      long warmUpNanos, int roundCount) {
    Tensor a = device.allocate(m * k);
    Tensor b = device.allocate(k * n);
    Tensor c = device.allocate(m * n);
    fillOperands(device, a, b, m, n, k);
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    double flops = 2.0 * m * n * k;
    int reps = (int) Math.max(3, ROUND_FLOPS / flops);
    long warmUpStart = System.nanoTime();
    do {
      device.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    } while (System.nanoTime() - warmUpStart < warmUpNanos);
    double[] rounds = new double[roundCount];
    for (int round = 0; round < rounds.length; round++) {
      long start = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        device.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
      }
      rounds[round] = Stats.gflops(flops, reps, System.nanoTime() - start);
    }
    return Stats.median(rounds);
  }
}
