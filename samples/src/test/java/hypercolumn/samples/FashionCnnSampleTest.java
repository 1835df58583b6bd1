package hypercolumn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fashion-cnn sample trains its convolutional network and reads its arguments. */
class FashionCnnSampleTest {

  /**
   * One epoch on 2,000 images (16 Adam steps) takes the network far from guessing: chance is
   * 0.1 on ten balanced classes, and a uniform guess has the loss ln 10 = 2.30.
   */
  @Test
  void oneEpochOnTwoThousandImagesLearnsFarBetterThanChance() throws Exception {
    FashionCnnSample.Options options = FashionCnnSample.Options.parse(new String[] {
        "--data", FashionMnist.DEFAULT_DIRECTORY.toString(), "--epochs", "1", "--seed", "3",
        "--train-limit", "2000", "--test-limit", "1000"});
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    FashionCnnSample.Result result;
    try (CpuDevice device = new CpuDevice(CpuDevice.defaultThreads())) {
      result = FashionCnnSample.run(options, device, new PrintStream(text, true, StandardCharsets.UTF_8));
    }
    String output = text.toString(StandardCharsets.UTF_8);
    assertEquals(1, result.history().size(), output);
    assertTrue(output.contains("Fashion-MNIST: 2,000 training and 1,000 test images"), output);
    assertTrue(output.contains("Total params: 3,274,634"), output);
    // Written so that NaN fails each of them.
    assertTrue(result.testAccuracy() > 0.5, "test accuracy " + result.testAccuracy() + ", expected above 0.5\n" + output);
    assertTrue(result.testLoss() < Math.log(10), "test loss " + result.testLoss() + ", expected below ln 10\n" + output);
    double trainingLoss = result.history().last().loss();
    assertTrue(trainingLoss < Math.log(10), "training loss " + trainingLoss + ", expected below ln 10\n" + output);
    assertTrue(output.contains(String.format("Test accuracy %.4f", result.testAccuracy())), output);
  }

  /**
   * The batch-norm network learns as fast, and is scored in evaluation mode, with its running
   * statistics. Its trainable parameters, counted by hand: conv1 32 x 1 x 5 x 5 = 800 (no bias),
   * norm1 2 x 32, conv2 64 x 32 x 5 x 5 = 51,200, norm2 2 x 64, hidden 3,136 x 256 + 256 =
   * 803,072, logits 256 x 10 + 10 = 2,570: 857,834.
   */
  @Test
  void theBatchNormNetworkLearnsInOneEpochToo() throws Exception {
    FashionCnnSample.Options options = FashionCnnSample.Options.parse(new String[] {
        "--data", FashionMnist.DEFAULT_DIRECTORY.toString(), "--epochs", "1", "--seed", "3",
        "--train-limit", "2000", "--test-limit", "1000"});
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    FashionCnnSample.Result result;
    try (CpuDevice device = new CpuDevice(CpuDevice.defaultThreads())) {
      result = FashionCnnSample.run(options, device, FashionCnnBatchNormNet::new,
          new PrintStream(text, true, StandardCharsets.UTF_8));
    }
    String output = text.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("Trainable params: 857,834"), output);
    assertTrue(result.testAccuracy() > 0.5, "test accuracy " + result.testAccuracy() + ", expected above 0.5\n" + output);
    assertTrue(result.testLoss() < Math.log(10), "test loss " + result.testLoss() + ", expected below ln 10\n" + output);
  }

  @Test
  void anUnknownOrIncompleteArgumentIsRefusedSayingWhatItTakes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FashionCnnSample.Options.parse(new String[] {"--limit", "5"}));
    assertEquals("Unknown argument '--limit'; expected --epochs N, --seed S, --train-limit N,"
        + " --test-limit N, --batch N, --data DIR or --min-accuracy A", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FashionCnnSample.Options.parse(new String[] {"--train-limit", "0"}));
    assertEquals("--train-limit needs a value of at least 1, found 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FashionCnnSample.Options.parse(new String[] {"--epochs"}));
    assertEquals("--epochs needs a value", e.getMessage());
  }

  @Test
  void theArgumentsSetTheLimitsEpochsSeedAndBar() {
    FashionCnnSample.Options options = FashionCnnSample.Options.parse(new String[] {
        "--train-limit", "20000", "--epochs", "1", "--seed", "7", "--min-accuracy", "0.8"});
    assertEquals(20_000, options.trainLimit());
    assertEquals(Integer.MAX_VALUE, options.testLimit());
    assertEquals(1, options.epochs());
    assertEquals(7, options.seed());
    assertEquals(0.8, options.minAccuracy());
  }
}
