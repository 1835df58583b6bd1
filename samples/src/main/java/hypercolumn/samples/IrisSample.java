package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Devices;
import hypercolumn.runtime.data.CsvReader;
import hypercolumn.runtime.data.CsvTable;
import hypercolumn.runtime.data.StandardScaler;
import hypercolumn.runtime.data.ThreeWaySplit;
import hypercolumn.runtime.io.Weights;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.ClassificationReport;
import hypercolumn.runtime.train.EarlyStopping;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Predictions;
import hypercolumn.runtime.train.Predictor;
import hypercolumn.runtime.train.ReduceLearningRateOnPlateau;
import hypercolumn.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The first task of a Keras tutorial: Fisher's iris flowers, read from the CSV file that Debian's
 * {@code python3-sklearn} ships, split three ways per species, standardized by a scaler that is
 * saved with the weights, and a reloaded network that predicts from raw measurements in
 * centimetres. Prints per-species precision, recall and F1 on the test flowers.
 *
 * <pre>./demo.sh iris [--data FILE] [--seed N] [--epochs N] [--save FILE]</pre>
 */
public final class IrisSample {
  /** Where Debian's python3-sklearn puts scikit-learn's copy of the data set. */
  public static final Path DEFAULT_DATA =
      Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv");

  private IrisSample() {}

  /** What one run measured on the test flowers. */
  record Result(double accuracy, ClassificationReport report, int epochs) {}

  /**
   * Runs the sample: {@code [--data FILE] [--seed N] [--epochs N] [--save FILE]}.
   *
   * @param args the options above
   * @throws IOException if the data file is missing (saying what to install) or malformed
   */
  public static void main(String[] args) throws IOException {
    Path data = DEFAULT_DATA;
    long seed = 1;
    int epochs = 200;
    Path save = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(value(args, ++i, "--data"));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
        case "--epochs" -> epochs = Integer.parseInt(value(args, ++i, "--epochs"));
        case "--save" -> save = Path.of(value(args, ++i, "--save"));
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; expected --data FILE, --seed N, --epochs N or --save FILE");
      }
    }
    run(data, seed, epochs, save, System.out);
  }

  /**
   * Trains on {@code data}, saves the network with its scaler (to {@code save}, or a temporary
   * file deleted afterwards), reloads it and reports on the test flowers.
   */
  static Result run(Path data, long seed, int epochs, Path save, PrintStream out) throws IOException {
    CsvTable table = read(data);
    List<String> species = table.classNames();
    ThreeWaySplit split = table.dataset().stratifiedSplit(0.6, 0.2, seed);
    out.printf(Locale.ROOT, "Iris: %d flowers (%s), %d to train on, %d to validate on, %d to test on%n",
        table.size(), String.join(", ", species), split.train().size(), split.validation().size(),
        split.test().size());
    // Fitted on the training flowers only: the validation and test ones stand for new data.
    StandardScaler scaler = StandardScaler.fit(split.train());

    Devices.Choice choice = Devices.choose();
    try (Device device = choice.device()) {
      out.println("Device: " + device.describe() + " (" + choice.reason() + ")");
      IrisMlpNet net = new IrisMlpNet(device);
      net.initialize(seed);
      History history = Trainer.of(net)
          .optimizer(Adam.lr(0.01f))
          .batchSize(16)
          .epochs(epochs)
          .seed(seed)
          .validation(scaler.transform(split.validation()))
          .callbacks(ReduceLearningRateOnPlateau.patience(10).factor(0.5f).minLearningRate(1e-4f),
              EarlyStopping.patience(30))
          .progress(out)
          .fit(scaler.transform(split.train()));
      if (!history.stopMessage().startsWith("early stopping")) {
        out.println(history.stopMessage()); // the progress lines already said why it stopped early
      }

      Path file = save != null ? save : Files.createTempFile("iris-", ".safetensors");
      try {
        Weights.save(net, file, scaler);
        // A fresh network, as another program would make it: weights and scaler from the file.
        Predictor predictor = Predictor.load(new IrisMlpNet(device), file);
        float[][] measurements = split.test().rows();
        Predictions test = predictor.predict(measurements);
        ClassificationReport report =
            ClassificationReport.of(split.test().classLabels(), test.classes(), species.size());
        out.println("Reloaded from " + (save != null ? file : "a temporary file")
            + "; predictions from raw measurements (cm):");
        for (int i = 0; i < 3; i++) {
          float[] raw = measurements[i];
          int predicted = test.predictedClass(i);
          out.printf(Locale.ROOT, "  %.1f %.1f %.1f %.1f -> %-10s p = %.3f  (is %s)%n",
              raw[0], raw[1], raw[2], raw[3], species.get(predicted),
              test.probability(i, predicted), species.get((int) split.test().label(i, 0)));
        }
        out.println("Test flowers:");
        out.print(report.toString(species));
        return new Result(report.accuracy(), report, history.size());
      } finally {
        if (save == null) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static CsvTable read(Path data) throws IOException {
    try {
      return CsvReader.sklearn().read(data);
    } catch (NoSuchFileException e) {
      throw new IOException(data + " not found. It comes with Debian's python3-sklearn:"
          + " apt-get install python3-sklearn (or pass --data FILE, a CSV file in scikit-learn's"
          + " format with the count header 150,4,setosa,versicolor,virginica)", e);
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
