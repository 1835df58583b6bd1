package hypercolumn.benchmarks;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Trainer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How training throughput grows with batch size (the MLP 784-256-128-10 of {@link BenchMlp})
 * and with width (784-H-10, batch 128, the {@code SweepMlpH} networks), on Fashion-MNIST with
 * Adam 1e-3. Each point trains a fresh network: one probe epoch on a few thousand samples (which
 * also warms the JIT up), then three epochs on as many samples as take about {@code --seconds}
 * each; it reports the median of the last two. One line per point, as torch_mlp.py --sweep
 * prints them: {@code sweep kind=batch|width batch=B hidden=H train=R}.
 *
 * <p>Arguments: {@code --batches 16,32,...}, {@code --widths 64,128,...}, {@code --seconds S}
 * (default 0.5), {@code --threads N}.
 */
public final class SweepBenchmark {
  static final String BATCHES = "16,32,64,128,256,512,1024";
  static final String WIDTHS = "64,128,256,512,1024,2048,4096";

  private SweepBenchmark() {}

  public static void main(String[] args) throws Exception {
    String batches = BATCHES;
    String widths = WIDTHS;
    double seconds = 0.5;
    int threads = CpuDevice.defaultThreads();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--batches" -> batches = args[++i];
        case "--widths" -> widths = args[++i];
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; expected --batches LIST, --widths LIST, --seconds S or --threads N");
      }
    }
    Dataset train = FashionMnist.load().train().reshape(784);
    try (CpuDevice device = new CpuDevice(threads)) {
      for (int batch : parse(batches)) {
        double rate = measure(new BenchMlpNet(device), train, batch, seconds);
        System.out.printf("sweep kind=batch batch=%d hidden=256 train=%.1f%n", batch, rate);
      }
      for (int hidden : parse(widths)) {
        double rate = measure(widthNetwork(hidden, device), train, 128, seconds);
        System.out.printf("sweep kind=width batch=128 hidden=%d train=%.1f%n", hidden, rate);
      }
    }
  }

  static Model widthNetwork(int hidden, CpuDevice device) {
    return switch (hidden) {
      case 64 -> new SweepMlp64Net(device);
      case 128 -> new SweepMlp128Net(device);
      case 256 -> new SweepMlp256Net(device);
      case 512 -> new SweepMlp512Net(device);
      case 1024 -> new SweepMlp1024Net(device);
      case 2048 -> new SweepMlp2048Net(device);
      case 4096 -> new SweepMlp4096Net(device);
      default -> throw new IllegalArgumentException(
          "no network of width " + hidden + "; expected one of " + WIDTHS);
    };
  }

  /** Median samples/s of the last two of three epochs sized to about {@code seconds} each. */
  static double measure(Model net, Dataset train, int batch, double seconds) {
    net.initialize(42);
    int probeSize = Math.min(train.size(), Math.max(2048, 16 * batch));
    double probe = fit(net, first(train, probeSize), batch, 1)[0];
    int size = (int) Math.min(train.size(), Math.max(4L * batch, (long) (probe * seconds)));
    size -= size % batch;
    double[] rates = fit(net, first(train, size), batch, 3);
    return Stats.median(Arrays.copyOfRange(rates, 1, rates.length));
  }

  private static double[] fit(Model net, Dataset data, int batch, int epochs) {
    History history = Trainer.of(net).optimizer(Adam.lr(1e-3f)).batchSize(batch)
        .epochs(epochs).seed(42).quiet().fit(data);
    return history.epochs().stream().mapToDouble(e -> e.samplesPerSecond()).toArray();
  }

  private static Dataset first(Dataset data, int count) {
    return count == data.size() ? data : data.subset(IntStream.range(0, count).toArray());
  }

  private static int[] parse(String list) {
    if (list.isBlank()) {
      return new int[0];
    }
    return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
