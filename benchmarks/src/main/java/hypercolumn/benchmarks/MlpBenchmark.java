package hypercolumn.benchmarks;

import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.data.Split;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.EpochResult;
import hypercolumn.runtime.train.Evaluation;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Trainer;

/**
 * Trains {@link BenchMlp} on Fashion-MNIST (pixels in [0, 1], batch 128, Adam 1e-3) and prints
 * one line of key=value results, the same keys as torch_mlp.py: the median training samples/s
 * of the epochs after the first, the median inference samples/s of several passes over the test
 * set, and the test accuracy.
 *
 * <p>Arguments: {@code --epochs N} (default 3), {@code --infer-passes N} (default 5), {@code
 * --threads N} (default: {@link CpuDevice#defaultThreads()}), {@code --seed N}.
 */
public final class MlpBenchmark {
  private MlpBenchmark() {}

  public static void main(String[] args) throws Exception {
    int epochs = 3;
    int inferPasses = 5;
    int threads = CpuDevice.defaultThreads();
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--infer-passes" -> inferPasses = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; expected --epochs N, --infer-passes N, --threads N or --seed N");
      }
    }
    Split data = FashionMnist.load();
    Dataset train = data.train().reshape(784);
    Dataset test = data.test().reshape(784);

    CpuDevice device = new CpuDevice(threads);
    BenchMlpNet net = new BenchMlpNet(device);
    net.initialize(seed);
    Trainer trainer = Trainer.of(net).optimizer(Adam.lr(1e-3f)).batchSize(128).epochs(epochs)
        .seed(seed).quiet();
    History history = trainer.fit(train);
    double[] rates = new double[history.size()];
    StringBuilder perEpoch = new StringBuilder();
    for (int e = 0; e < history.size(); e++) {
      EpochResult epoch = history.epochs().get(e);
      rates[e] = epoch.samplesPerSecond();
      perEpoch.append(e == 0 ? "" : "/").append(Math.round(rates[e]));
    }
    double[] steady = rates.length > 1 ? java.util.Arrays.copyOfRange(rates, 1, rates.length) : rates;
    Evaluation evaluation = trainer.evaluate(test);

    float[] features = test.features();
    trainer.predict(features, test.size()); // warm-up
    double[] infer = new double[inferPasses];
    for (int pass = 0; pass < inferPasses; pass++) {
      long start = System.nanoTime();
      trainer.predict(features, test.size());
      infer[pass] = test.size() / ((System.nanoTime() - start) / 1e9);
    }
    System.out.printf("train=%.1f infer=%.1f acc=%.4f epochs=%s threads=%d gemm=%s%n",
        Stats.median(steady), Stats.median(infer), evaluation.accuracy(), perEpoch, threads,
        device.gemmKernel());
    device.close();
  }
}
