package hypercolumn.benchmarks;

import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuConvolutions;
import hypercolumn.runtime.cpu.CpuDevice;
import java.util.Random;

/**
 * Milliseconds of CpuConvolutions' pooling at the Fashion-MNIST CNN's two pooling layers (2x2
 * windows, stride 2, no padding, on 128x32x28x28 and 128x64x14x14), forward and backward, for
 * each thread count; each the median of timed rounds after a warm-up, as in {@link
 * ConvBenchmark}. The CNN pools by the maximum; average pooling at the same shapes is timed
 * too. Inputs are uniform in [-1, 1), so a window's maximum falls on each cell alike. Prints
 * one line per layer, mode, pass and thread count: {@code pool NAME MODE PASS threads=N
 * ms=T gbps=G}, where G counts the floats read and written once.
 *
 * <p>Arguments: {@code --threads N[,M...]} (default 1,2), {@code --rounds R} (default 5).
 */
public final class PoolBenchmark {
  private PoolBenchmark() {}

  public static void main(String[] args) {
    int[] threadCounts = {1, 2};
    int rounds = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threadCounts = java.util.Arrays.stream(args[++i].split(","))
            .mapToInt(Integer::parseInt).toArray();
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException(
            "Unknown argument '" + args[i] + "'; expected --threads N[,M...] or --rounds R");
      }
    }
    String[] names = {"pool1", "pool2"};
    int[][] sizes = {{32, 28}, {64, 14}}; // channels, height = width
    for (int threads : threadCounts) {
      try (CpuDevice device = new CpuDevice(threads)) {
        System.out.println("pool device " + device.describe());
        CpuConvolutions convolutions = new CpuConvolutions(device);
        for (int s = 0; s < names.length; s++) {
          for (PoolingShape.Mode mode : PoolingShape.Mode.values()) {
            PoolingShape shape = new PoolingShape(mode, 128, sizes[s][0], sizes[s][1],
                sizes[s][1], 2, 2, 2, 2, 0, 0, 0, 0);
            Random random = new Random(s);
            Tensor x = random(device, shape.inputSize(), random);
            Tensor y = device.allocate(shape.outputSize());
            Tensor dy = random(device, shape.outputSize(), random);
            Tensor dx = device.allocate(shape.inputSize());
            String label = names[s] + " " + mode.name().toLowerCase(java.util.Locale.ROOT);
            // forward reads x, writes y; backward reads x and dy, writes dx
            report(label, "forward", threads, shape.inputSize() + shape.outputSize(), rounds,
                () -> convolutions.poolingForward(shape, x, 0, y, 0));
            report(label, "backward", threads, 2L * shape.inputSize() + shape.outputSize(),
                rounds, () -> convolutions.poolingBackward(shape, x, 0, y, 0, dy, 0, dx, 0));
          }
        }
      }
    }
  }

  private static void report(String label, String pass, int threads, long floats, int rounds,
      Runnable call) {
    double median = Stats.medianMillis(rounds, call);
    System.out.printf("pool %s %s threads=%d ms=%.3f gbps=%.1f%n", label, pass, threads, median,
        4.0 * floats / median / 1e6);
  }

  private static Tensor random(CpuDevice device, int size, Random random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = 2 * random.nextFloat() - 1;
    }
    return device.hostView(values);
  }
}
