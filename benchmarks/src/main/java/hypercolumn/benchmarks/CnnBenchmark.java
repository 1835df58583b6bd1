package hypercolumn.benchmarks;

import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.data.Split;
import hypercolumn.runtime.data.StandardScaler;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.EpochResult;
import hypercolumn.runtime.train.Evaluation;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.LearningRateSchedule;
import hypercolumn.runtime.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Trains {@link BenchCnn} on the CPU as the fashion-cnn sample does (the first {@code
 * --train-limit} training images, each pixel standardized with their mean and deviation, batch
 * 128, Adam from 1e-3 with cosine annealing per epoch) and prints one line of key=value results
 * with torch_cnn.py's keys: the median training samples/s of the epochs after the first (the only one if one), the median inference
 * samples/s of several passes over the test set (its first {@code --test-limit} images), and
 * the test accuracy and loss on them.
 *
 * <p>Arguments: {@code --epochs N} (default 2), {@code --train-limit N} (default 5,000), {@code
 * --test-limit N} (default all 10,000), {@code --infer-passes N} (default 3), {@code --batch N} (128), {@code --threads N}, {@code
 * --seed N}, {@code --data DIR}, {@code --lockstep} (see {@link Lockstep}).
 */
public final class CnnBenchmark {
  private CnnBenchmark() {}

  public static void main(String[] args) throws Exception {
    int epochs = 2;
    int trainLimit = 5_000;
    int testLimit = Integer.MAX_VALUE;
    int inferPasses = 3;
    int batch = 128;
    int threads = CpuDevice.defaultThreads();
    long seed = 42;
    Path directory = FashionMnist.DEFAULT_DIRECTORY;
    boolean lockstep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--train-limit" -> trainLimit = Integer.parseInt(args[++i]);
        case "--test-limit" -> testLimit = Integer.parseInt(args[++i]);
        case "--infer-passes" -> inferPasses = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--data" -> directory = Path.of(args[++i]);
        case "--lockstep" -> lockstep = true;
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; expected --epochs N, --train-limit N, --test-limit N, --infer-passes N, --batch N, --threads N,"
            + " --seed N, --data DIR or --lockstep");
      }
    }
    Split data = FashionMnist.load(directory);
    Dataset trainImages = data.train().take(trainLimit).reshape(784);
    StandardScaler scaler = StandardScaler.fit(trainImages);
    Dataset train = scaler.transform(trainImages).reshape(1, 28, 28);
    Dataset test = scaler.transform(data.test().take(testLimit).reshape(784)).reshape(1, 28, 28);

    Lockstep turns = new Lockstep(lockstep);
    try (CpuDevice device = new CpuDevice(threads)) {
      BenchCnnNet net = new BenchCnnNet(device);
      net.initialize(seed);
      Trainer trainer = Trainer.of(net).optimizer(Adam.lr(1e-3f)).batchSize(batch).epochs(epochs)
          .seed(seed).callbacks(turns, LearningRateSchedule.cosine()).quiet();
      History history = trainer.fit(train);
      double[] rates = history.epochs().stream().mapToDouble(EpochResult::samplesPerSecond).toArray();
      double[] steady = rates.length > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates;
      Evaluation evaluation = trainer.evaluate(test);

      float[] features = test.features();
      double[] infer = new double[inferPasses];
      for (int pass = 0; pass < inferPasses; pass++) {
        turns.waitForTurn();
        long start = System.nanoTime();
        trainer.predict(features, test.size());
        infer[pass] = Stats.perSecond(test.size(), System.nanoTime() - start);
      }
      StringBuilder perEpoch = new StringBuilder();
      for (double rate : rates) {
        perEpoch.append(perEpoch.length() == 0 ? "" : "/").append(Math.round(rate));
      }
      System.out.printf("train=%.1f infer=%.1f acc=%.4f loss=%.4f epochs=%s threads=%d gemm=%s%n",
          Stats.median(steady), inferPasses > 0 ? Stats.median(infer) : Double.NaN,
          evaluation.accuracy(), evaluation.loss(), perEpoch, device.threads(), device.gemmKernel());
    }
  }
}
