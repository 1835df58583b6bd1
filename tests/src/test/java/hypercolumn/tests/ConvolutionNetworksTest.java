package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Layer;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.io.Weights;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolutional networks as a user meets them: the issue's Fashion-MNIST network with its
 * parameter count and shapes, PyTorch's initialization bounds, and the run-time errors for images
 * of the wrong (C, H, W) and for a weight file of other filter counts.
 */
class ConvolutionNetworksTest {

  @Test
  void fashionCnnHasTheIssuesParametersAndShapes() {
    try (Device device = new CpuDevice(1)) {
      Model model = new FashionCnnNet(device);
      // conv1 5*5*1*32 + 32, conv2 5*5*32*64 + 64, hidden 3136*1024 + 1024, logits 1024*10 + 10.
      assertEquals(832 + 51_264 + 3_212_288 + 10_250, model.parameterCount());
      assertEquals(3_274_634, model.parameterCount());
      List<Layer> layers = model.layers();
      assertArrayEquals(new int[] {32, 28, 28}, layers.get(0).outputShape());
      assertArrayEquals(new int[] {32, 14, 14}, layers.get(1).outputShape());
      assertArrayEquals(new int[] {64, 14, 14}, layers.get(2).outputShape());
      assertArrayEquals(new int[] {64, 7, 7}, layers.get(3).outputShape());
      assertArrayEquals(new int[] {3136}, layers.get(4).outputShape());
      assertArrayEquals(new int[] {1, 28, 28}, model.inputShape());
      String summary = model.summary();
      assertTrue(summary.contains("(64, 7, 7)"), summary);
      assertTrue(summary.contains("Total params: 3,274,634"), summary);
      // conv2: 64 * 14 * 14 outputs, each 32 * 5 * 5 multiply-adds (2 FLOPs) and a bias.
      String conv2 = summary.lines().filter(line -> line.startsWith("conv2 ")).findFirst().orElseThrow();
      assertTrue(conv2.matches("conv2 +Conv2D +\\(64, 14, 14\\) +51,264 +20,082,944"), conv2);
    }
  }

  /**
   * PyTorch draws a convolution's weight by Kaiming uniform with {@code a = sqrt(5)} and its bias
   * uniformly, both within {@code 1 / sqrt(in * kh * kw)}: the values fill that interval (the
   * largest near the bound, the mean near 0) and none leaves it.
   */
  @Test
  void convolutionsStartAsPyTorchDrawsThem() {
    try (Device device = new CpuDevice(1)) {
      Model model = new FashionCnnNet(device);
      model.initialize(7L);
      assertUniformWithin(Models.parameterValues(model, "conv2.weight"), 1 / Math.sqrt(32 * 5 * 5));
      assertUniformWithin(Models.parameterValues(model, "conv1.weight"), 1 / Math.sqrt(25));
      float[] bias = Models.parameterValues(model, "conv2.bias");
      double bound = 1 / Math.sqrt(32 * 5 * 5);
      for (float b : bias) {
        assertTrue(Math.abs(b) <= bound, "conv2.bias " + b + " outside +-" + bound);
      }
      assertTrue(maxAbs(bias) > 0.8 * bound, "conv2.bias should fill +-" + bound + ", largest " + maxAbs(bias));
    }
  }

  @Test
  void imagesOfAnotherShapeAreRefusedWithExpectedAndFoundChannelsHeightAndWidth() {
    try (Device device = new CpuDevice(1)) {
      Model model = new ConvSameMaxCeNet(device);
      Dataset channelsLast = Dataset.of(new float[4 * 8 * 8 * 2], new int[] {8, 8, 2}, new float[] {0, 1, 2, 0}, 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Trainer.of(model).optimizer(Adam.lr(0.01f)).batchSize(2).epochs(1).quiet().fit(channelsLast));
      assertTrue(e.getMessage().contains("expects images of (C, H, W) = (2, 8, 8)"), e.getMessage());
      assertTrue(e.getMessage().contains("(C, H, W) = (8, 8, 2)"), e.getMessage());
    }
  }

  @Test
  void aWeightFileOfOtherFilterCountsIsRefusedNamingTheTensorAndBothShapes(@TempDir Path dir) throws IOException {
    try (Device device = new CpuDevice(1)) {
      Model wider = new ConvSameMaxCeWiderNet(device);
      Path file = dir.resolve("wider.safetensors");
      Weights.save(wider, file);
      Model model = new ConvSameMaxCeNet(device);
      model.initialize(3L);
      float[] before = Models.parameterValues(model, "conv1.weight");
      IOException e = assertThrows(IOException.class, () -> Weights.load(model, file));
      assertTrue(e.getMessage().contains("'conv1.weight' has shape [5, 2, 2, 3] in the file, expected [3, 2, 2, 3]"),
          e.getMessage());
      assertArrayEquals(before, Models.parameterValues(model, "conv1.weight"), "weights after a refused load");
    }
  }

  private static void assertUniformWithin(float[] values, double bound) {
    double sum = 0;
    for (float v : values) {
      assertTrue(Math.abs(v) <= bound, v + " outside +-" + bound);
      sum += v;
    }
    assertTrue(maxAbs(values) > 0.99 * bound, "largest " + maxAbs(values) + " should be near " + bound);
    // The mean of n uniform draws has standard deviation bound / sqrt(3 n); allow 5 of them.
    double mean = sum / values.length;
    assertTrue(Math.abs(mean) < 5 * bound / Math.sqrt(3.0 * values.length), "mean " + mean);
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
