package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.data.Split;
import hypercolumn.runtime.data.StandardScaler;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.EpochResult;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.LearningRateSchedule;
import hypercolumn.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The {@link FashionCnn} (sample {@code fashion-cnn}) or the {@link FashionCnnBatchNorm}
 * (sample {@code fashion-cnn-bn}) on Fashion-MNIST: Adam from 1e-3 with cosine annealing per
 * epoch (PyTorch's {@code CosineAnnealingLR}) and batches of 128, each pixel
 * standardized with the mean and deviation of the training images used (as
 * {@link FashionMnistSample} does), and the test set evaluated after every epoch. The last
 * epoch's test accuracy is the result; {@code benchmarks/scripts/torch_cnn.py} trains the same
 * network the same way in PyTorch.
 *
 * <p>Arguments: {@code --epochs N} (default 5), {@code --seed S} (42), {@code --train-limit N}
 * (train on the first N training images; default all 60,000), {@code --test-limit N} (the first
 * N test images; default all 10,000), {@code --batch N} (128), {@code --data DIR} (as
 * FashionMnistSample), {@code --min-accuracy A} (exit with status 1 below A).
 */
public final class FashionCnnSample {
  private FashionCnnSample() {}

  /** What one run trains on and for how long. */
  record Options(Path data, int epochs, long seed, int trainLimit, int testLimit, int batchSize,
      double minAccuracy) {

    static Options parse(String[] args) {
      Path data = FashionMnist.DEFAULT_DIRECTORY;
      String fromEnvironment = System.getenv("HYPERCOLUMN_FASHION_MNIST");
      if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
        data = Path.of(fromEnvironment);
      }
      int epochs = 5;
      long seed = 42;
      int trainLimit = Integer.MAX_VALUE;
      int testLimit = Integer.MAX_VALUE;
      int batchSize = 128;
      double minAccuracy = 0;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--data" -> data = Path.of(value(args, ++i, "--data"));
          case "--epochs" -> epochs = positive(args, ++i, "--epochs");
          case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
          case "--train-limit" -> trainLimit = positive(args, ++i, "--train-limit");
          case "--test-limit" -> testLimit = positive(args, ++i, "--test-limit");
          case "--batch" -> batchSize = positive(args, ++i, "--batch");
          case "--min-accuracy" -> minAccuracy = Double.parseDouble(value(args, ++i, "--min-accuracy"));
          default -> throw new IllegalArgumentException("Unknown argument '" + args[i] + "'; expected"
              + " --epochs N, --seed S, --train-limit N, --test-limit N, --batch N, --data DIR"
              + " or --min-accuracy A");
        }
      }
      return new Options(data, epochs, seed, trainLimit, testLimit, batchSize, minAccuracy);
    }
  }

  /** The run's history (the test set as validation) and the seconds training took. */
  record Result(History history, double seconds) {
    double testAccuracy() {
      return history.last().validationAccuracy();
    }

    double testLoss() {
      return history.last().validationLoss();
    }
  }

  /** The sample {@code fashion-cnn}: the {@link FashionCnn}. */
  public static void main(String[] args) throws Exception {
    main(args, FashionCnnNet::new);
  }

  /** The sample {@code fashion-cnn-bn}: the {@link FashionCnnBatchNorm}. */
  public static void withBatchNorm(String[] args) throws Exception {
    main(args, FashionCnnBatchNormNet::new);
  }

  private static void main(String[] args, Function<Device, Model> network) throws Exception {
    Options options = Options.parse(args);
    Result result;
    try (Device device = SampleDevice.choose(System.out)) {
      result = run(options, device, network, System.out);
    }
    if (!(result.testAccuracy() >= options.minAccuracy())) {
      System.out.printf("FAILED: test accuracy %.4f is below the required %.4f.%n",
          result.testAccuracy(), options.minAccuracy());
      System.exit(1);
    }
  }

  /** {@link #run(Options, Device, Function, PrintStream)} on the {@link FashionCnn}. */
  static Result run(Options options, Device device, PrintStream out) throws IOException {
    return run(options, device, FashionCnnNet::new, out);
  }

  /** Loads the data, trains a freshly initialized network on the device and prints progress. */
  static Result run(Options options, Device device, Function<Device, Model> network, PrintStream out)
      throws IOException {
    long start = System.nanoTime();
    Split data = FashionMnist.load(options.data());
    Dataset trainImages = data.train().take(options.trainLimit()).reshape(784);
    Dataset testImages = data.test().take(options.testLimit()).reshape(784);
    StandardScaler scaler = StandardScaler.fit(trainImages);
    Dataset train = scaler.transform(trainImages).reshape(1, 28, 28);
    Dataset test = scaler.transform(testImages).reshape(1, 28, 28);
    out.printf("Fashion-MNIST: %,d training and %,d test images (%.1fs to load)%n",
        train.size(), test.size(), (System.nanoTime() - start) / 1e9);

    Model net = network.apply(device);
    net.initialize(options.seed());
    out.print(net.summary());
    out.println("val_loss and val_acc are the test set's, after each epoch.");
    Trainer trainer = Trainer.of(net)
        .optimizer(Adam.lr(1e-3f))
        .batchSize(options.batchSize())
        .epochs(options.epochs())
        .seed(options.seed())
        .validation(test)
        // Annealed to nearly 0 by the last epoch, so the result is the end of training rather than
        // one noisy step of a model that overfits more each epoch at a constant rate.
        .callbacks(LearningRateSchedule.cosine())
        .progress(out);
    long trainStart = System.nanoTime();
    History history = trainer.fit(train);
    Result result = new Result(history, (System.nanoTime() - trainStart) / 1e9);
    EpochResult last = history.last();
    out.printf("Trained %d epochs in %.1fs, the test evaluations included (%s); %,.0f training samples/s"
        + " in the last epoch.%n",
        history.size(), result.seconds(), history.stopMessage(), last.samplesPerSecond());
    out.printf("Test accuracy %.4f, test loss %.4f on %,d images.%n",
        result.testAccuracy(), result.testLoss(), test.size());
    return result;
  }

  private static int positive(String[] args, int index, String flag) {
    int n = Integer.parseInt(value(args, index, flag));
    if (n < 1) {
      throw new IllegalArgumentException(flag + " needs a value of at least 1, found " + n);
    }
    return n;
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[index];
  }
}
