package hypercolumn.benchmarks;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.cuda.CudaDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.data.Split;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.EpochResult;
import hypercolumn.runtime.train.Evaluation;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Trains {@link BenchMlp} on Fashion-MNIST (pixels in [0, 1], batch 128, Adam 1e-3) and prints
 * one line of key=value results, the same keys as torch_mlp.py: the median training samples/s
 * of the epochs after the first, the median inference samples/s of several passes over the test
 * set, and the test accuracy.
 *
 * <p>Arguments: {@code --device cpu|cuda} (default cpu), {@code --epochs N} (default 3),
 * {@code --batch N} (default 128), {@code --infer-passes N} (default 5), {@code --threads N}
 * (CPU; default: {@link CpuDevice#defaultThreads()}), {@code --seed N}, {@code --data DIR}
 * (the IDX files; default Debian's package), {@code --synthetic N} (N random samples of the
 * same shape, for throughput alone where the data set is not at hand), {@code --lockstep} (wait
 * for {@code benchmarks/scripts/lockstep.py} before each epoch and inference pass; see {@link
 * Lockstep}).
 */
public final class MlpBenchmark {
  private MlpBenchmark() {}

  public static void main(String[] args) throws Exception {
    String deviceName = "cpu";
    int epochs = 3;
    int batch = 128;
    int inferPasses = 5;
    int threads = CpuDevice.defaultThreads();
    long seed = 42;
    Path directory = FashionMnist.DEFAULT_DIRECTORY;
    int synthetic = 0;
    boolean lockstep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--device" -> deviceName = args[++i];
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--infer-passes" -> inferPasses = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--data" -> directory = Path.of(args[++i]);
        case "--synthetic" -> synthetic = Integer.parseInt(args[++i]);
        case "--lockstep" -> lockstep = true;
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; expected --device cpu|cuda, --epochs N, --batch N, --infer-passes N, --threads N,"
            + " --seed N, --data DIR, --synthetic N or --lockstep");
      }
    }
    Dataset train;
    Dataset test;
    if (synthetic > 0) {
      train = randomImages(synthetic, seed);
      test = randomImages(Math.max(batch, synthetic / 6), seed + 1);
    } else {
      Split data = FashionMnist.load(directory);
      train = data.train().reshape(784);
      test = data.test().reshape(784);
    }

    Lockstep turns = new Lockstep(lockstep);
    String details;
    try (Device device = open(deviceName, threads)) {
      BenchMlpNet net = new BenchMlpNet(device);
      net.initialize(seed);
      Trainer trainer = Trainer.of(net).optimizer(Adam.lr(1e-3f)).batchSize(batch).epochs(epochs)
          .seed(seed).callbacks(turns).quiet();
      History history = trainer.fit(train);
      double[] rates = new double[history.size()];
      StringBuilder perEpoch = new StringBuilder();
      for (int e = 0; e < history.size(); e++) {
        EpochResult epoch = history.epochs().get(e);
        rates[e] = epoch.samplesPerSecond();
        perEpoch.append(e == 0 ? "" : "/").append(Math.round(rates[e]));
      }
      double[] steady = rates.length > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates;
      Evaluation evaluation = trainer.evaluate(test);

      float[] features = test.features();
      trainer.predict(features, test.size()); // warm-up
      double[] infer = new double[inferPasses];
      for (int pass = 0; pass < inferPasses; pass++) {
        turns.waitForTurn();
        long start = System.nanoTime();
        trainer.predict(features, test.size());
        infer[pass] = Stats.perSecond(test.size(), System.nanoTime() - start);
      }
      details = device instanceof CpuDevice cpu
          ? String.format("threads=%d gemm=%s", cpu.threads(), cpu.gemmKernel())
          : String.format("batch=%d compiled=%d device=%s", batch,
              ((CudaDevice) device).kernelCompilations(), device.describe().replace(' ', '_'));
      System.out.printf("train=%.1f infer=%.1f acc=%.4f epochs=%s %s%n",
          Stats.median(steady), Stats.median(infer), evaluation.accuracy(), perEpoch, details);
    }
  }

  private static Device open(String name, int threads) {
    return switch (name) {
      case "cpu" -> new CpuDevice(threads);
      case "cuda" -> {
        System.out.println(CudaDevice.status());
        yield CudaDevice.open(0);
      }
      default -> throw new IllegalArgumentException("--device must be cpu or cuda, found '" + name + "'");
    };
  }

  /** Gaussian pixels and random labels in the shape of Fashion-MNIST (the accuracy means nothing). */
  private static Dataset randomImages(int count, long seed) {
    Random random = new Random(seed);
    float[] x = new float[count * 784];
    float[] labels = new float[count];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(10);
    }
    return Dataset.of(x, new int[] {784}, labels, 1);
  }
}
