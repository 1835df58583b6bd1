package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.testing.Tolerance;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dropout after a convolution ({@link ConvDropout}, rate 0.3): evaluation passes the
 * convolution's output through, training keeps about 70% of the values, each scaled by PyTorch's
 * float32 {@code 1 / (1 - p)} and the rest 0, and backward sends the gradient through the same
 * mask, checked against the convolution's weight gradient computed here from the observed mask.
 */
class ConvolutionDropoutTest {
  private static final int BATCH = 16;
  private static final int CHANNELS = 4;
  private static final int CELLS = 64;
  private static final int SIZE = BATCH * CHANNELS * CELLS;
  private static final float RATE = 0.3f;

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void dropoutAfterAConvolutionKeepsScalesAndRoutesTheGradientThroughItsMask(TestDevices kind) {
    Random random = new Random(21);
    float[] x = new float[SIZE];
    float[] y = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      x[i] = (float) random.nextGaussian();
      y[i] = (float) random.nextGaussian();
    }
    try (Device device = kind.open()) {
      Model model = new ConvDropoutNet(device);
      Models.setParameter(model, "conv.weight", identity(CHANNELS));
      Models.setParameter(model, "observer.weight", identity(CHANNELS * CELLS));
      model.reserve(BATCH);
      model.setInput(x, 0, BATCH);
      model.setLabels(y, 0, BATCH);

      model.forward(BATCH, false, 5L);
      assertArrayEquals(x, Models.output(model, BATCH), "evaluation output");

      model.forward(BATCH, true, 5L);
      float[] out = Models.output(model, BATCH);
      float scale = 1f / (1f - RATE);
      boolean[] kept = new boolean[SIZE];
      int keptCount = 0;
      for (int i = 0; i < SIZE; i++) {
        kept[i] = out[i] != 0;
        keptCount += kept[i] ? 1 : 0;
        if (kept[i]) {
          assertEquals(x[i] * scale, out[i], "kept value " + i + " scaled by 1 / (1 - p) in float32");
        }
      }
      double sigma = Math.sqrt(RATE * (1 - RATE) / SIZE);
      double fraction = keptCount / (double) SIZE;
      assertTrue(Math.abs(fraction - (1 - RATE)) < 5 * sigma, "kept fraction " + fraction);

      model.lossAndGradient(BATCH);
      model.backward(BATCH);
      // Mean squared error: dOut = 2 (out - y) / (B * 256); through the identity observer and the
      // mask, dConv = kept ? dOut * scale : 0; the 1x1 weight's gradient sums dConv * x per pair
      // of output and input channel.
      double[] expected = new double[CHANNELS * CHANNELS];
      for (int n = 0; n < BATCH; n++) {
        for (int k = 0; k < CHANNELS; k++) {
          for (int cell = 0; cell < CELLS; cell++) {
            int i = (n * CHANNELS + k) * CELLS + cell;
            double dConv = kept[i] ? 2.0 * (out[i] - y[i]) / SIZE * scale : 0;
            for (int c = 0; c < CHANNELS; c++) {
              expected[k * CHANNELS + c] += dConv * x[(n * CHANNELS + c) * CELLS + cell];
            }
          }
        }
      }
      Tolerance.assertWithin("conv.weight gradient through the mask", expected,
          Models.gradientValues(model, "conv.weight"), 1e-5);
    }
  }

  private static float[] identity(int n) {
    float[] values = new float[n * n];
    for (int i = 0; i < n; i++) {
      values[i * n + i] = 1;
    }
    return values;
  }
}
