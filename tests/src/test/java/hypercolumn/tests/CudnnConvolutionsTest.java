package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.RepeatedStep;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cuda.CudaDevice;
import hypercolumn.runtime.cuda.CudnnConvolutions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CUDA device's convolution seam through cuDNN (in the build: JCudnn, the runtime's
 * libcudnn.so.8 forwarder and the emulator's libcudnn.so.9). The oracle is a plain reference
 * written here from the formulas of {@code Convolutions}' javadoc (PyTorch's conv2d, max_pool2d
 * and avg_pool2d), summing in double; each result must be within 1e-5 of it.
 */
class CudnnConvolutionsTest {
  private static final double TOLERANCE = 1e-5;

  private CudaDevice cuda;
  private CudnnConvolutions convolutions;

  @BeforeEach
  void open() {
    assumeTrue(TestDevices.cudaExpected(), "no CUDA device or emulator: " + CudaDevice.statusLine());
    cuda = (CudaDevice) TestDevices.CUDA.open();
    convolutions = new CudnnConvolutions(cuda);
  }

  @AfterEach
  void close() {
    if (cuda != null) {
      convolutions.close();
      cuda.close();
    }
  }

  /** batch, in, H, W, out, kh, kw, sh, sw, top, bottom, left, right, dh, dw. */
  static Stream<ConvolutionShape> convolutionShapes() {
    return Stream.of(
        new ConvolutionShape(2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),   // padding 1
        new ConvolutionShape(2, 2, 9, 8, 3, 3, 2, 2, 3, 0, 0, 0, 0, 1, 1),   // strides 2 and 3
        new ConvolutionShape(1, 3, 8, 8, 2, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2),   // dilation 2
        new ConvolutionShape(2, 2, 8, 7, 3, 4, 3, 2, 2, 1, 2, 0, 1, 1, 1),   // SAME, even kernel, stride 2
        new ConvolutionShape(3, 1, 5, 5, 2, 2, 2, 1, 1, 0, 1, 0, 1, 1, 1));  // SAME, kernel 2
  }

  /** mode, batch, C, H, W, window h/w, stride h/w, top, bottom, left, right. */
  static Stream<PoolingShape> poolingShapes() {
    return Stream.of(
        new PoolingShape(PoolingShape.Mode.MAX, 2, 3, 6, 6, 2, 2, 2, 2, 0, 0, 0, 0),
        new PoolingShape(PoolingShape.Mode.MAX, 1, 2, 7, 5, 3, 3, 2, 1, 1, 1, 1, 1),
        new PoolingShape(PoolingShape.Mode.MAX, 1, 2, 5, 6, 2, 2, 2, 2, 0, 1, 0, 1),
        new PoolingShape(PoolingShape.Mode.AVERAGE, 2, 2, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1),
        new PoolingShape(PoolingShape.Mode.AVERAGE, 1, 2, 5, 6, 3, 2, 2, 2, 1, 2, 0, 1),
        new PoolingShape(PoolingShape.Mode.AVERAGE, 1, 1, 4, 4, 2, 2, 1, 1, 0, 0, 0, 0));
  }

  @ParameterizedTest
  @MethodSource("convolutionShapes")
  void forwardWithAndWithoutBiasMatchesTheReference(ConvolutionShape s) {
    Random random = new Random(s.hashCode());
    float[] x = gaussian(random, s.inputSize());
    float[] w = gaussian(random, s.weightSize());
    float[] b = gaussian(random, s.outChannels());
    Tensor xt = upload(x);
    Tensor wt = upload(w);
    Tensor bt = upload(b);
    Tensor y = cuda.allocate(s.outputSize());
    convolutions.convolutionForward(s, xt, 0, wt, 0, null, 0, y, 0);
    assertWithin("conv2d " + s + " without bias", Reference.forward(s, x, w, null), download(y), TOLERANCE);
    convolutions.convolutionForward(s, xt, 0, wt, 0, bt, 0, y, 0);
    assertWithin("conv2d " + s + " with bias", Reference.forward(s, x, w, b), download(y), TOLERANCE);
  }

  @ParameterizedTest
  @MethodSource("convolutionShapes")
  void backwardDataFilterAndBiasMatchTheReference(ConvolutionShape s) {
    Random random = new Random(31 * s.hashCode());
    float[] x = gaussian(random, s.inputSize());
    float[] w = gaussian(random, s.weightSize());
    float[] dy = gaussian(random, s.outputSize());
    float[] dwBefore = gaussian(random, s.weightSize());
    float[] dbBefore = gaussian(random, s.outChannels());
    Tensor xt = upload(x);
    Tensor wt = upload(w);
    Tensor dyt = upload(dy);
    Tensor dx = cuda.allocate(s.inputSize());
    convolutions.convolutionBackwardData(s, dyt, 0, wt, 0, dx, 0);
    assertWithin("dx of " + s, Reference.backwardData(s, dy, w), download(dx), TOLERANCE);

    double[] dw = Reference.backwardFilter(s, x, dy);
    Tensor dwt = cuda.allocate(s.weightSize());
    cuda.fill(dwt, 0, s.weightSize(), Float.NaN);  // beta 0 overwrites, even NaN
    convolutions.convolutionBackwardFilter(s, xt, 0, dyt, 0, 0f, dwt, 0);
    assertWithin("dw of " + s + ", beta 0", dw, download(dwt), TOLERANCE);
    cuda.upload(dwBefore, 0, dwt, 0, dwBefore.length);
    convolutions.convolutionBackwardFilter(s, xt, 0, dyt, 0, 1f, dwt, 0);
    assertWithin("dw of " + s + ", beta 1", plus(dw, dwBefore), download(dwt), TOLERANCE);

    double[] db = Reference.backwardBias(s, dy);
    Tensor dbt = cuda.allocate(s.outChannels());
    cuda.fill(dbt, 0, s.outChannels(), Float.NaN);
    convolutions.convolutionBackwardBias(s, dyt, 0, 0f, dbt, 0);
    assertWithin("db of " + s + ", beta 0", db, download(dbt), TOLERANCE);
    cuda.upload(dbBefore, 0, dbt, 0, dbBefore.length);
    convolutions.convolutionBackwardBias(s, dyt, 0, 1f, dbt, 0);
    assertWithin("db of " + s + ", beta 1", plus(db, dbBefore), download(dbt), TOLERANCE);
  }

  @ParameterizedTest
  @MethodSource("poolingShapes")
  void poolingForwardAndBackwardMatchTheReference(PoolingShape s) {
    Random random = new Random(s.hashCode());
    // Values from a small set, so windows hold ties and the first maximum must win.
    float[] x = new float[s.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = s.mode() == PoolingShape.Mode.MAX ? random.nextInt(3) - 1.5f : (float) random.nextGaussian();
    }
    float[] dy = gaussian(random, s.outputSize());
    Tensor xt = upload(x);
    Tensor y = cuda.allocate(s.outputSize());
    convolutions.poolingForward(s, xt, 0, y, 0);
    float[] yHost = download(y);
    assertWithin("pool " + s, Reference.poolForward(s, x), yHost, TOLERANCE);
    Tensor dx = cuda.allocate(s.inputSize());
    cuda.fill(dx, 0, s.inputSize(), Float.NaN);
    convolutions.poolingBackward(s, xt, 0, y, 0, upload(dy), 0, dx, 0);
    assertWithin("pool backward " + s, Reference.poolBackward(s, x, dy), download(dx), TOLERANCE);
  }

  /**
   * A step of unevenly padded convolution, its three gradients, and max pooling, repeated with
   * new inputs: the first repetition runs, the second is captured into a CUDA graph, the later
   * ones replay it; each repetition's results match the reference for its own inputs.
   */
  @Test
  void aRepeatedStepOfConvolutionAndPoolingIsCapturedOnceAndReplayedWithNewInputs() {
    ConvolutionShape conv = new ConvolutionShape(2, 2, 8, 7, 3, 4, 3, 2, 2, 1, 2, 0, 1, 1, 1);
    PoolingShape pool = new PoolingShape(PoolingShape.Mode.MAX, 2, 3, conv.outHeight(), conv.outWidth(), 2, 2, 2, 2,
        0, 1, 0, 0);
    Tensor x = cuda.allocate(conv.inputSize());
    Tensor w = cuda.allocate(conv.weightSize());
    Tensor b = cuda.allocate(conv.outChannels());
    Tensor y = cuda.allocate(conv.outputSize());
    Tensor p = cuda.allocate(pool.outputSize());
    Tensor dp = cuda.allocate(pool.outputSize());
    Tensor dy = cuda.allocate(conv.outputSize());
    Tensor dx = cuda.allocate(conv.inputSize());
    Tensor dw = cuda.allocate(conv.weightSize());
    Tensor db = cuda.allocate(conv.outChannels());
    convolutions.prepare(conv);
    convolutions.prepare(pool);
    int capturesBefore = cuda.stepCaptures();
    int replaysBefore = cuda.stepReplays();
    try (RepeatedStep step = cuda.repeatedStep()) {
      for (int repetition = 0; repetition < 4; repetition++) {
        Random random = new Random(100 + repetition);
        float[] xs = gaussian(random, conv.inputSize());
        float[] ws = gaussian(random, conv.weightSize());
        float[] bs = gaussian(random, conv.outChannels());
        float[] dps = gaussian(random, pool.outputSize());
        cuda.upload(xs, 0, x, 0, xs.length);
        cuda.upload(ws, 0, w, 0, ws.length);
        cuda.upload(bs, 0, b, 0, bs.length);
        cuda.upload(dps, 0, dp, 0, dps.length);
        step.begin(1);
        convolutions.convolutionForward(conv, x, 0, w, 0, b, 0, y, 0);
        convolutions.poolingForward(pool, y, 0, p, 0);
        convolutions.poolingBackward(pool, y, 0, p, 0, dp, 0, dy, 0);
        convolutions.convolutionBackwardData(conv, dy, 0, w, 0, dx, 0);
        convolutions.convolutionBackwardFilter(conv, x, 0, dy, 0, 0f, dw, 0);
        convolutions.convolutionBackwardBias(conv, dy, 0, 0f, db, 0);
        step.end();

        float[] yRef = toFloat(Reference.forward(conv, xs, ws, bs));
        float[] dyRef = toFloat(Reference.poolBackward(pool, yRef, dps));
        String what = " of repetition " + repetition;
        assertWithin("y" + what, yRef, download(y), TOLERANCE);
        assertWithin("pooled" + what, Reference.poolForward(pool, yRef), download(p), TOLERANCE);
        assertWithin("dy" + what, dyRef, download(dy), TOLERANCE);
        assertWithin("dx" + what, Reference.backwardData(conv, dyRef, ws), download(dx), TOLERANCE);
        assertWithin("dw" + what, Reference.backwardFilter(conv, xs, dyRef), download(dw), TOLERANCE);
        assertWithin("db" + what, Reference.backwardBias(conv, dyRef), download(db), TOLERANCE);
      }
    }
    assertTrue(cuda.stepCaptures() - capturesBefore == 1, "captures: " + (cuda.stepCaptures() - capturesBefore));
    assertTrue(cuda.stepReplays() - replaysBefore == 2, "replays: " + (cuda.stepReplays() - replaysBefore));
  }

  /** The default algorithms are deterministic: the same inputs give the same bits twice. */
  @Test
  void aSeededConvolutionRepeatsBitForBit() {
    ConvolutionShape s = new ConvolutionShape(2, 3, 9, 9, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
    Random random = new Random(7);
    Tensor x = upload(gaussian(random, s.inputSize()));
    Tensor w = upload(gaussian(random, s.weightSize()));
    Tensor dy = upload(gaussian(random, s.outputSize()));
    Tensor dw = cuda.allocate(s.weightSize());
    List<float[]> runs = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      convolutions.convolutionBackwardFilter(s, x, 0, dy, 0, 0f, dw, 0);
      runs.add(download(dw));
    }
    assertArrayEquals(runs.get(0), runs.get(1));
  }

  private Tensor upload(float[] values) {
    Tensor t = cuda.allocate(values.length);
    cuda.upload(values, 0, t, 0, values.length);
    return t;
  }

  private float[] download(Tensor t) {
    float[] values = new float[t.size()];
    cuda.download(t, 0, values, 0, values.length);
    return values;
  }

  private static float[] gaussian(Random random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static double[] plus(double[] a, float[] b) {
    double[] sum = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }

  private static float[] toFloat(double[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }

  /** The formulas of Convolutions' javadoc, term by term, in double. */
  static final class Reference {
    private Reference() {}

    /** The input cell a tap reads, or -1 where it falls in the padding. */
    private static int input(ConvolutionShape s, int n, int c, int i, int j, int p, int q) {
      int row = i * s.strideHeight() - s.padTop() + p * s.dilationHeight();
      int column = j * s.strideWidth() - s.padLeft() + q * s.dilationWidth();
      if (row < 0 || row >= s.height() || column < 0 || column >= s.width()) {
        return -1;
      }
      return ((n * s.inChannels() + c) * s.height() + row) * s.width() + column;
    }

    private static int weight(ConvolutionShape s, int k, int c, int p, int q) {
      return ((k * s.inChannels() + c) * s.kernelHeight() + p) * s.kernelWidth() + q;
    }

    private static int output(ConvolutionShape s, int n, int k, int i, int j) {
      return ((n * s.outChannels() + k) * s.outHeight() + i) * s.outWidth() + j;
    }

    /** Calls term(input index, weight index, output index) for every product of the convolution. */
    private static void eachTerm(ConvolutionShape s, Term term) {
      for (int n = 0; n < s.batch(); n++)
        for (int k = 0; k < s.outChannels(); k++)
          for (int i = 0; i < s.outHeight(); i++)
            for (int j = 0; j < s.outWidth(); j++)
              for (int c = 0; c < s.inChannels(); c++)
                for (int p = 0; p < s.kernelHeight(); p++)
                  for (int q = 0; q < s.kernelWidth(); q++) {
                    int in = input(s, n, c, i, j, p, q);
                    if (in >= 0) {
                      term.add(in, weight(s, k, c, p, q), output(s, n, k, i, j));
                    }
                  }
    }

    private interface Term {
      void add(int input, int weight, int output);
    }

    static double[] forward(ConvolutionShape s, float[] x, float[] w, float[] bias) {
      double[] y = new double[s.outputSize()];
      eachTerm(s, (in, wt, out) -> y[out] += (double) x[in] * w[wt]);
      if (bias != null) {
        int plane = s.outHeight() * s.outWidth();
        for (int e = 0; e < y.length; e++) {
          y[e] += bias[(e / plane) % s.outChannels()];
        }
      }
      return y;
    }

    static double[] backwardData(ConvolutionShape s, float[] dy, float[] w) {
      double[] dx = new double[s.inputSize()];
      eachTerm(s, (in, wt, out) -> dx[in] += (double) dy[out] * w[wt]);
      return dx;
    }

    static double[] backwardFilter(ConvolutionShape s, float[] x, float[] dy) {
      double[] dw = new double[s.weightSize()];
      eachTerm(s, (in, wt, out) -> dw[wt] += (double) x[in] * dy[out]);
      return dw;
    }

    static double[] backwardBias(ConvolutionShape s, float[] dy) {
      double[] db = new double[s.outChannels()];
      int plane = s.outHeight() * s.outWidth();
      for (int e = 0; e < dy.length; e++) {
        db[(e / plane) % s.outChannels()] += dy[e];
      }
      return db;
    }

    /** The cells of window (i, j) inside the input, row-major, as flat indices of plane nc. */
    private static int[] window(PoolingShape s, int nc, int i, int j) {
      int[] cells = new int[s.windowHeight() * s.windowWidth()];
      int count = 0;
      for (int p = 0; p < s.windowHeight(); p++) {
        for (int q = 0; q < s.windowWidth(); q++) {
          int row = i * s.strideHeight() - s.padTop() + p;
          int column = j * s.strideWidth() - s.padLeft() + q;
          if (row >= 0 && row < s.height() && column >= 0 && column < s.width()) {
            cells[count++] = (nc * s.height() + row) * s.width() + column;
          }
        }
      }
      return java.util.Arrays.copyOf(cells, count);
    }

    static double[] poolForward(PoolingShape s, float[] x) {
      double[] y = new double[s.outputSize()];
      int e = 0;
      for (int nc = 0; nc < s.batch() * s.channels(); nc++)
        for (int i = 0; i < s.outHeight(); i++)
          for (int j = 0; j < s.outWidth(); j++) {
            int[] cells = window(s, nc, i, j);
            double value = s.mode() == PoolingShape.Mode.MAX ? Double.NEGATIVE_INFINITY : 0;
            for (int cell : cells) {
              value = s.mode() == PoolingShape.Mode.MAX ? Math.max(value, x[cell]) : value + x[cell];
            }
            y[e++] = s.mode() == PoolingShape.Mode.MAX ? value : value / (s.windowHeight() * s.windowWidth());
          }
      return y;
    }

    static double[] poolBackward(PoolingShape s, float[] x, float[] dy) {
      double[] dx = new double[s.inputSize()];
      int e = 0;
      for (int nc = 0; nc < s.batch() * s.channels(); nc++)
        for (int i = 0; i < s.outHeight(); i++)
          for (int j = 0; j < s.outWidth(); j++, e++) {
            int[] cells = window(s, nc, i, j);
            if (s.mode() == PoolingShape.Mode.MAX) {
              int first = cells[0];
              for (int cell : cells) {
                if (x[cell] > x[first]) {
                  first = cell;
                }
              }
              dx[first] += dy[e];
            } else {
              for (int cell : cells) {
                dx[cell] += (double) dy[e] / (s.windowHeight() * s.windowWidth());
              }
            }
          }
      return dx;
    }
  }
}
