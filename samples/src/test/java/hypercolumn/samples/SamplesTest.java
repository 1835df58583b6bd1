package hypercolumn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Devices;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.runtime.train.Trainer;
import hypercolumn.testing.Tolerance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each small sample does what the README says it does. */
class SamplesTest {

  private static final PrintStream DISCARD = new PrintStream(new ByteArrayOutputStream());

  @Test
  void thePerceptronLearnsAndAndOrButNotXor() {
    assertEquals(1.0, PerceptronSample.learn("AND", PerceptronSample.AND, DISCARD));
    assertEquals(1.0, PerceptronSample.learn("OR", PerceptronSample.OR, DISCARD));
    double xor = PerceptronSample.learn("XOR", PerceptronSample.XOR, DISCARD);
    // No line separates XOR's classes, so at most 3 of the 4 rows can be right.
    assertTrue(xor <= 0.75, "a single threshold unit got XOR " + xor + " right");
  }

  @Test
  void theFashionMnistSampleRejectsAnUnknownArgumentSayingWhatItTakes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FashionMnistSample.main(new String[] {"--bogus"}));
    assertEquals("Unknown argument '--bogus'; expected --data DIR, --min-accuracy A, --batch N,"
        + " --epochs N or --seed N", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FashionMnistSample.main(new String[] {"--data"}));
    assertEquals("--data needs a value", e.getMessage());
  }

  @Test
  void theFashionMnistSampleSaysWhereItLookedForMissingData() {
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> FashionMnistSample.main(new String[] {"--data", "/nonexistent-hypercolumn-data"}));
    assertTrue(e.getMessage().contains("/nonexistent-hypercolumn-data/train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void theStraightLinePredicts9AtX8() {
    StraightLineNet line = new StraightLineNet(Devices.cpu());
    Dataset points = Dataset.of(new float[][] {{1}, {3}, {5}, {7}}, new float[][] {{2}, {4}, {6}, {8}});
    Trainer trainer = Trainer.of(line).optimizer(Sgd.lr(0.02f)).batchSize(4).epochs(2000).seed(1).quiet();
    trainer.fit(points);
    float predicted = StraightLineSample.predictAt(trainer, 8);
    // Within 0.05 of 9: the bound is tol * 9.
    Tolerance.assertWithin("y(8)", 9, predicted, 0.05 / 9);
  }

  @Test
  void aTwoFourOneNetworkLearnsXor() {
    XorMlpNet net = new XorMlpNet(Devices.cpu());
    Dataset xor = XorSample.xorTable();
    Trainer trainer = Trainer.of(net).optimizer(Adam.lr(0.05f)).batchSize(4).epochs(300).seed(3).quiet();
    trainer.fit(xor);
    assertEquals(1.0, trainer.evaluate(xor).accuracy());
  }

  @Test
  void theTwoTwoOneNetworkHasNineParametersAndSeparatesChildrenFromAdults() {
    BodyShapeNet net = new BodyShapeNet(Devices.cpu());
    assertEquals(9, net.parameterCount());
    assertTrue(net.summary().contains("Total params: 9\n"), net.summary());

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(text, true, StandardCharsets.UTF_8));
    try {
      BodyShapeSample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String output = text.toString(StandardCharsets.UTF_8);
    String accuracy = output.replaceAll("(?s).*accuracy ([0-9.]+) on.*", "$1");
    assertTrue(Double.parseDouble(accuracy) >= 0.95, output);
  }

  /**
   * Each sample's first line names the device {@code -Dhypercolumn.device} forces, with the
   * reason Devices gives; an unknown device is refused before any training.
   */
  @Test
  void everySampleHonoursTheDevicePropertyAndSaysWhichDeviceItChose() throws Exception {
    String before = System.getProperty("hypercolumn.device");
    System.setProperty("hypercolumn.device", "cpu");
    // Each main itself: Samples.main exits the JVM on a bad argument.
    Run[] samples = {() -> PerceptronSample.main(new String[0]), () -> XorSample.main(new String[0]),
        () -> BodyShapeSample.main(new String[0]), () -> StraightLineSample.main(new String[0])};
    try {
      for (Run sample : samples) {
        String first = output(sample).lines().findFirst().orElse("");
        assertTrue(first.startsWith("Device: CPU") && first.endsWith("(CPU: forced by -Dhypercolumn.device=cpu)"),
            "a sample began with: " + first);
      }
      System.setProperty("hypercolumn.device", "tpu");
      for (Run sample : samples) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> output(sample));
        assertEquals("-Dhypercolumn.device must be cpu or cuda, found 'tpu'", e.getMessage());
      }
    } finally {
      if (before == null) {
        System.clearProperty("hypercolumn.device");
      } else {
        System.setProperty("hypercolumn.device", before);
      }
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  private static String output(Run run) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(text, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setOut(original);
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theIrisSampleSaysWhatToInstallWhenTheFileIsMissing() {
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> IrisSample.main(new String[] {"--data", "/nonexistent-hypercolumn/iris.csv"}));
    assertEquals("/nonexistent-hypercolumn/iris.csv not found. It comes with Debian's"
        + " python3-sklearn: apt-get install python3-sklearn (or pass --data FILE, a CSV file in"
        + " scikit-learn's format with the count header 150,4,setosa,versicolor,virginica)",
        e.getMessage());
  }

  /**
   * Three clusters of 30 flowers, 4 cm apart in every measurement with a spread of 0.3 cm, in
   * scikit-learn's format: every test flower lies nearer its own centre than any other, so a
   * network trained as the sample trains it gets every one right.
   */
  @Test
  void theIrisSampleSeparatesWellSeparatedSpeciesAndReportsEachOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    StringBuilder csv = new StringBuilder("90,4,small,medium,large\n");
    for (int i = 0; i < 90; i++) {
      int species = i % 3;
      StringBuilder row = new StringBuilder();
      for (int j = 0; j < 4; j++) {
        double wobble = 0.3 * Math.sin(i * 1.7 + j * 2.3);
        row.append(String.format(java.util.Locale.ROOT, "%.2f,", 1 + 4 * species + wobble));
      }
      csv.append(row).append(species).append('\n');
    }
    java.nio.file.Path file = dir.resolve("clusters.csv");
    java.nio.file.Files.writeString(file, csv);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    java.nio.file.Path saved = dir.resolve("iris.safetensors");
    IrisSample.Result result = IrisSample.run(file, 1, 60, saved,
        new PrintStream(text, true, StandardCharsets.UTF_8));
    String output = text.toString(StandardCharsets.UTF_8);
    assertEquals(1.0, result.accuracy(), output);
    assertTrue(output.contains("       small     1.0000     1.0000     1.0000          6\n"), output);
    assertTrue(output.contains("       large     1.0000     1.0000     1.0000          6\n"), output);
    assertTrue(output.contains("90 flowers (small, medium, large), 54 to train on, 18 to validate on,"
        + " 18 to test on"), output);
    assertTrue(hypercolumn.runtime.io.Weights.readScaler(saved).isPresent(), "the scaler was saved");
  }
}
