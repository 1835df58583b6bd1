package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.data.Split;
import hypercolumn.runtime.data.StandardScaler;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.EarlyStopping;
import hypercolumn.runtime.train.Evaluation;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.LearningRateSchedule;
import hypercolumn.runtime.train.Trainer;
import java.nio.file.Path;

/**
 * The 784-256-128-10 ReLU MLP on Fashion-MNIST: Adam at 1e-3, batches of 128, at most 10
 * epochs, with 5,000 training images held out for early stopping; then the test accuracy.
 *
 * <p>Arguments: {@code --data DIR} reads the IDX files from DIR (default: where Debian's
 * dataset-fashion-mnist installs them, or $HYPERCOLUMN_FASHION_MNIST); {@code --min-accuracy A}
 * exits with status 1 if the test accuracy is below A.
 */
public final class FashionMnistSample {
  private FashionMnistSample() {}

  public static void main(String[] args) throws Exception {
    Path directory = FashionMnist.DEFAULT_DIRECTORY;
    String fromEnvironment = System.getenv("HYPERCOLUMN_FASHION_MNIST");
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      directory = Path.of(fromEnvironment);
    }
    double minAccuracy = 0;
    int batchSize = 128;
    int epochs = 10;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> directory = Path.of(value(args, ++i, "--data"));
        case "--min-accuracy" -> minAccuracy = Double.parseDouble(value(args, ++i, "--min-accuracy"));
        case "--batch" -> batchSize = Integer.parseInt(value(args, ++i, "--batch"));
        case "--epochs" -> epochs = Integer.parseInt(value(args, ++i, "--epochs"));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
        default -> throw new IllegalArgumentException(
            "Unknown argument '" + args[i] + "'; expected --data DIR, --min-accuracy A, --batch N, --epochs N or --seed N");
      }
    }

    long start = System.nanoTime();
    Split data = FashionMnist.load(directory);
    StandardScaler scaler = StandardScaler.fit(data.train().reshape(784));
    Dataset train = scaler.transform(data.train().reshape(784));
    Dataset test = scaler.transform(data.test().reshape(784));
    Split holdout = train.split(55_000.0 / 60_000, 42);
    System.out.printf("Fashion-MNIST: %,d training, %,d validation, %,d test images (%.1fs to load)%n",
        holdout.train().size(), holdout.test().size(), test.size(), (System.nanoTime() - start) / 1e9);

    try (Device device = SampleDevice.choose(System.out)) {
      FashionMlpNet net = new FashionMlpNet(device);
      net.initialize(seed);
      System.out.print(net.summary());
      Trainer trainer = Trainer.of(net)
          .optimizer(Adam.lr(1e-3f))
          .batchSize(batchSize)
          .epochs(epochs)
          .seed(seed)
          .validation(holdout.test())
          .callbacks(LearningRateSchedule.cosine(), EarlyStopping.patience(3))
          .progress(System.out);
      long trainStart = System.nanoTime();
      History history = trainer.fit(holdout.train());
      double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
      Evaluation result = trainer.evaluate(test);
      System.out.printf("Trained %d epochs in %.1fs (%s).%n", history.size(), trainSeconds, history.stopMessage());
      System.out.printf("Test accuracy %.4f, test loss %.4f on %,d images.%n",
          result.accuracy(), result.loss(), result.samples());
      if (result.accuracy() < minAccuracy) {
        System.out.printf("FAILED: test accuracy %.4f is below the required %.4f.%n", result.accuracy(), minAccuracy);
        System.exit(1);
      }
    }
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[index];
  }
}
