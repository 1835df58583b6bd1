package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.data.Split;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Evaluation;
import hypercolumn.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A convolution with a batch norm learns Fashion-MNIST on the CPU, and its test accuracy is
 * measured in evaluation mode, with the running statistics the training steps left: with them
 * never updated (left at 0 and 1) the accuracy falls below the threshold while training still
 * learns. 4,000 training images, 2 epochs; ten classes, so chance is 0.1.
 */
class BatchNormImageTrainingTest {
  private static final double MIN_ACCURACY = 0.75;

  @Test
  void aConvolutionWithBatchNormLearnsFashionMnistAndPredictsWithItsRunningStatistics() throws IOException {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY), "Fashion-MNIST is not installed");
    Split data = FashionMnist.load();
    Dataset train = data.train().take(4000);
    Dataset test = data.test().take(2000);
    try (Device device = TestDevices.CPU.open()) {
      FashionConvBatchNormNet net = new FashionConvBatchNormNet(device);
      net.initialize(3L);
      Trainer trainer = Trainer.of(net).optimizer(Adam.lr(1e-3f)).batchSize(32).epochs(2).seed(3).quiet();
      trainer.fit(train);
      Evaluation result = trainer.evaluate(test);
      System.out.printf("BatchNormImageTrainingTest: test accuracy %.4f on %d images in evaluation mode%n",
          result.accuracy(), result.samples());
      assertTrue(result.accuracy() >= MIN_ACCURACY, "test accuracy " + result.accuracy() + " on " + result.samples()
          + " images in evaluation mode, expected at least " + MIN_ACCURACY);
    }
  }
}
