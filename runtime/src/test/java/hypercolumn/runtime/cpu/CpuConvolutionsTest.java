package hypercolumn.runtime.cpu;

import static hypercolumn.runtime.PoolingShape.Mode.AVERAGE;
import static hypercolumn.runtime.PoolingShape.Mode.MAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.Tensor;
import hypercolumn.testing.Tolerance;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CpuConvolutions against {@link ConvolutionReference}'s direct loops in double, and its
 * gradients against central finite differences of its own forward pass. Every tensor sits at
 * an offset inside a larger one, so an ignored offset shows.
 */
class CpuConvolutionsTest {
  private static final int OFFSET = 5;
  /** The NaN that x86 arithmetic makes (0 * infinity, say): the sign bit set. */
  private static final float NEGATIVE_NAN = Float.intBitsToFloat(0xffc00000);
  private static CpuDevice device;
  private static CpuConvolutions convolutions;

  @BeforeAll
  static void open() {
    device = new CpuDevice(2);
    convolutions = new CpuConvolutions(device);
  }

  @AfterAll
  static void close() {
    device.close();
  }

  /** Strides, asymmetric paddings, dilations, kernels equal to the input and odd channel counts. */
  static Stream<ConvolutionShape> convolutionShapes() {
    return Stream.of(
        // batch, C, H, W, K, kh, kw, sh, sw, top, bottom, left, right, dh, dw
        new ConvolutionShape(2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvolutionShape(2, 5, 9, 8, 3, 3, 2, 2, 3, 0, 1, 2, 0, 1, 1),
        new ConvolutionShape(1, 2, 10, 9, 3, 3, 3, 1, 2, 2, 2, 1, 3, 2, 3),
        new ConvolutionShape(3, 1, 5, 5, 2, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1),
        new ConvolutionShape(2, 3, 6, 7, 5, 4, 4, 2, 2, 1, 2, 1, 2, 1, 1),
        new ConvolutionShape(2, 17, 6, 6, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvolutionShape(2, 2, 4, 5, 3, 2, 3, 3, 3, 2, 2, 3, 3, 1, 1),
        // one sample's column matrix is 800 x 196 floats: 28 samples make chunks of 10, 10, 8
        new ConvolutionShape(28, 32, 14, 14, 6, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1));
  }

  /**
   * Overlapping, padded (also on one side only) and whole-input windows; windows that tile the
   * input, leave its last rows and columns out (odd sizes), leave gaps (stride above the
   * window) or meet padding on some sides only; planes split over both threads.
   */
  static Stream<PoolingShape> poolingShapes() {
    return Stream.of(MAX, AVERAGE).flatMap(mode -> Stream.of(
        // mode, batch, C, H, W, wh, ww, sh, sw, top, bottom, left, right
        new PoolingShape(mode, 2, 3, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0),
        new PoolingShape(mode, 2, 2, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1),
        new PoolingShape(mode, 1, 3, 6, 7, 3, 2, 1, 2, 0, 1, 1, 0),
        new PoolingShape(mode, 2, 2, 5, 5, 5, 5, 1, 1, 0, 0, 0, 0),
        new PoolingShape(mode, 3, 5, 28, 28, 2, 2, 2, 2, 0, 0, 0, 0),
        new PoolingShape(mode, 2, 3, 7, 9, 2, 2, 2, 2, 0, 0, 0, 0),
        new PoolingShape(mode, 2, 2, 9, 11, 3, 3, 3, 3, 0, 0, 0, 0),
        new PoolingShape(mode, 2, 2, 7, 6, 2, 2, 2, 2, 1, 1, 1, 1),
        new PoolingShape(mode, 2, 2, 10, 8, 3, 3, 3, 3, 1, 0, 2, 1),
        new PoolingShape(mode, 2, 2, 9, 10, 3, 3, 2, 2, 0, 0, 0, 0),
        new PoolingShape(mode, 2, 2, 8, 11, 2, 2, 3, 3, 0, 1, 1, 0),
        new PoolingShape(mode, 1, 2, 6, 8, 3, 2, 3, 2, 0, 0, 0, 0),
        new PoolingShape(mode, 8, 8, 28, 28, 2, 2, 2, 2, 0, 0, 0, 0)));
  }

  @ParameterizedTest
  @MethodSource("convolutionShapes")
  void convolutionForwardMatchesDirectLoops(ConvolutionShape s) {
    Random random = new Random(1);
    float[] x = uniform(random, s.inputSize());
    float[] w = uniform(random, s.weightSize());
    float[] bias = uniform(random, s.outChannels());
    Tensor y = device.allocate(OFFSET + s.outputSize());
    device.fill(y, 0, y.size(), Float.NaN);
    convolutions.convolutionForward(s, at(x), OFFSET, at(w), OFFSET, at(bias), OFFSET, y, OFFSET);
    Tolerance.assertWithin("y with bias", ConvolutionReference.forward(s, x, w, bias),
        read(y, s.outputSize()), 1e-5);
    convolutions.convolutionForward(s, at(x), OFFSET, at(w), OFFSET, null, 0, y, OFFSET);
    Tolerance.assertWithin("y without bias", ConvolutionReference.forward(s, x, w, null),
        read(y, s.outputSize()), 1e-5);
  }

  @ParameterizedTest
  @MethodSource("convolutionShapes")
  void convolutionBackwardDataMatchesDirectLoops(ConvolutionShape s) {
    Random random = new Random(2);
    float[] dy = uniform(random, s.outputSize());
    float[] w = uniform(random, s.weightSize());
    Tensor dx = device.allocate(OFFSET + s.inputSize());
    device.fill(dx, 0, dx.size(), Float.NaN);
    convolutions.convolutionBackwardData(s, at(dy), OFFSET, at(w), OFFSET, dx, OFFSET);
    Tolerance.assertWithin("dx", ConvolutionReference.backwardData(s, dy, w),
        read(dx, s.inputSize()), 1e-5);
  }

  /** beta 0 overwrites even NaN; beta 1 adds to what is there. */
  @ParameterizedTest
  @MethodSource("convolutionShapes")
  void convolutionBackwardFilterAndBiasMatchDirectLoops(ConvolutionShape s) {
    Random random = new Random(3);
    float[] x = uniform(random, s.inputSize());
    float[] dy = uniform(random, s.outputSize());
    double[] dwReference = ConvolutionReference.backwardFilter(s, x, dy);
    double[] dbReference = ConvolutionReference.backwardBias(s, dy);
    Tensor dw = device.allocate(OFFSET + s.weightSize());
    Tensor db = device.allocate(OFFSET + s.outChannels());
    device.fill(dw, 0, dw.size(), Float.NaN);
    device.fill(db, 0, db.size(), Float.NaN);
    convolutions.convolutionBackwardFilter(s, at(x), OFFSET, at(dy), OFFSET, 0f, dw, OFFSET);
    convolutions.convolutionBackwardBias(s, at(dy), OFFSET, 0f, db, OFFSET);
    Tolerance.assertWithin("dw, beta 0", dwReference, read(dw, s.weightSize()), 1e-5);
    Tolerance.assertWithin("db, beta 0", dbReference, read(db, s.outChannels()), 1e-5);

    convolutions.convolutionBackwardFilter(s, at(x), OFFSET, at(dy), OFFSET, 1f, dw, OFFSET);
    convolutions.convolutionBackwardBias(s, at(dy), OFFSET, 1f, db, OFFSET);
    Tolerance.assertWithin("dw, beta 1", scaled(dwReference, 2), read(dw, s.weightSize()), 1e-5);
    Tolerance.assertWithin("db, beta 1", scaled(dbReference, 2), read(db, s.outChannels()), 1e-5);
  }

  /**
   * For {@code L = sum(g * y)}, the three gradients of backward are L's partial derivatives,
   * taken here by central differences of forward. Forward is linear in each operand, so the
   * differences are exact but for float rounding.
   */
  @ParameterizedTest
  @MethodSource("convolutionShapes")
  void convolutionGradientsMatchFiniteDifferences(ConvolutionShape s) {
    if (s.batch() > 4) {
      return; // the chunked shape costs a forward pass per element; the loops above cover it
    }
    Random random = new Random(4);
    float[] x = uniform(random, s.inputSize());
    float[] w = uniform(random, s.weightSize());
    float[] bias = uniform(random, s.outChannels());
    float[] g = uniform(random, s.outputSize());
    Tensor dx = device.allocate(s.inputSize());
    Tensor dw = device.allocate(s.weightSize());
    Tensor db = device.allocate(s.outChannels());
    convolutions.convolutionBackwardData(s, at(g), OFFSET, at(w), OFFSET, dx, 0);
    convolutions.convolutionBackwardFilter(s, at(x), OFFSET, at(g), OFFSET, 0f, dw, 0);
    convolutions.convolutionBackwardBias(s, at(g), OFFSET, 0f, db, 0);
    Tensor y = device.allocate(s.outputSize());
    Loss loss = (xx, ww, bb) -> {
      convolutions.convolutionForward(s, at(xx), OFFSET, at(ww), OFFSET, at(bb), OFFSET, y, 0);
      return dot(g, read(y, 0, s.outputSize()));
    };
    Tolerance.assertWithin("dx", differences(x, v -> loss.of(v, w, bias)), read(dx, 0, x.length), 1e-3);
    Tolerance.assertWithin("dw", differences(w, v -> loss.of(x, v, bias)), read(dw, 0, w.length), 1e-3);
    Tolerance.assertWithin("db", differences(bias, v -> loss.of(x, w, v)), read(db, 0, bias.length), 1e-3);
  }

  /**
   * Inputs where the order of comparisons shows: small integers (most windows tie for their
   * maximum), -0.0 beside 0.0, and numbers among NaNs of both signs and infinities; gradients
   * hold -0.0 too.
   * The forward pass picks or sums the same cells in the same order as the reference, so it
   * must agree bit for bit, and so must backward where windows do not overlap (one term per
   * cell); overlapping windows add float gradients in another order and get a tolerance.
   */
  @ParameterizedTest
  @MethodSource("poolingShapes")
  void poolingMatchesDirectLoopsBitForBitOnTiesSignedZerosAndNaNs(PoolingShape s) {
    float[][] choices = {
        {0, 1, 2},
        {-0f, 0f, -0f, 0f, -1},
        {Float.NaN, NEGATIVE_NAN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 0f, -1, 3}};
    boolean overlapping = s.strideHeight() < s.windowHeight() || s.strideWidth() < s.windowWidth();
    Random random = new Random(5);
    for (float[] values : choices) {
      String what = java.util.Arrays.toString(values);
      float[] x = new float[s.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = values[random.nextInt(values.length)];
      }
      float[] dy = uniform(random, s.outputSize());
      for (int i = 0; i < dy.length; i += 7) {
        dy[i] = -0f;
      }
      Tensor y = device.allocate(OFFSET + s.outputSize() + 3);
      Tensor dx = device.allocate(OFFSET + s.inputSize() + 3);
      device.fill(y, 0, y.size(), Float.NaN);
      device.fill(dx, 0, dx.size(), 7f);
      convolutions.poolingForward(s, at(x), OFFSET, y, OFFSET);
      assertArrayEquals(toFloat(ConvolutionReference.poolingForward(s, x)),
          read(y, s.outputSize()), "y of " + what);
      convolutions.poolingBackward(s, at(x), OFFSET, y, OFFSET, at(dy), OFFSET, dx, OFFSET);
      double[] dxReference = ConvolutionReference.poolingBackward(s, x, dy);
      if (overlapping) {
        Tolerance.assertWithin("dx of " + what, dxReference, read(dx, s.inputSize()), 1e-6);
      } else {
        assertArrayEquals(toFloat(dxReference), read(dx, s.inputSize()), "dx of " + what);
      }
      assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7, 7, 7},
          concat(read(dx, 0, OFFSET), read(dx, OFFSET + s.inputSize(), 3)), "dx around its slice");
      assertArrayEquals(new float[] {Float.NaN, Float.NaN, Float.NaN},
          read(y, OFFSET + s.outputSize(), 3), "y after its slice");
    }
  }

  /** Distinct values 0.1 apart, so a step of 1e-3 never changes which cell is a window's maximum. */
  @ParameterizedTest
  @MethodSource("poolingShapes")
  void poolingBackwardMatchesFiniteDifferences(PoolingShape s) {
    if (s.inputSize() > 2000) {
      return;
    }
    Random random = new Random(6);
    float[] x = new float[s.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.1f * i - 0.05f * x.length;
    }
    for (int i = x.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    float[] g = uniform(random, s.outputSize());
    Tensor y = device.allocate(s.outputSize());
    Tensor dx = device.allocate(s.inputSize());
    convolutions.poolingForward(s, at(x), OFFSET, y, 0);
    convolutions.poolingBackward(s, at(x), OFFSET, y, 0, at(g), OFFSET, dx, 0);
    double[] expected = differences(x, v -> {
      convolutions.poolingForward(s, at(v), OFFSET, y, 0);
      return dot(g, read(y, 0, s.outputSize()));
    }, 1e-3f);
    Tolerance.assertWithin("dx", expected, read(dx, 0, x.length), 1e-3);
  }

  @Test
  void maxPoolingSendsTheGradientToTheFirstOfTiedMaxima() {
    PoolingShape s = new PoolingShape(MAX, 1, 1, 2, 3, 2, 2, 1, 1, 0, 0, 0, 0);
    float[] x = {1, 3, 3, 3, 3, 3};
    Tensor y = device.allocate(2);
    Tensor dx = device.allocate(6);
    convolutions.poolingForward(s, at(x), OFFSET, y, 0);
    convolutions.poolingBackward(s, at(x), OFFSET, y, 0, at(new float[] {10, 100}), OFFSET, dx, 0);
    assertArrayEquals(new float[] {3, 3}, read(y, 0, 2));
    assertArrayEquals(new float[] {0, 110, 0, 0, 0, 0}, read(dx, 0, 6));
  }

  @Test
  void averagePoolingCountsPaddedCellsInTheDivisor() {
    PoolingShape s = new PoolingShape(AVERAGE, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1);
    float[] x = {4, 8, 12, 16};
    Tensor y = device.allocate(4);
    Tensor dx = device.allocate(4);
    convolutions.poolingForward(s, at(x), OFFSET, y, 0);
    assertArrayEquals(new float[] {1, 2, 3, 4}, read(y, 0, 4));
    convolutions.poolingBackward(s, at(x), OFFSET, y, 0, at(new float[] {4, 8, 12, 16}), OFFSET,
        dx, 0);
    assertArrayEquals(new float[] {1, 2, 3, 4}, read(dx, 0, 4));
  }

  private interface Loss {
    double of(float[] x, float[] w, float[] bias);
  }

  private interface Function {
    double of(float[] values);
  }

  private static double[] differences(float[] at, Function f) {
    return differences(at, f, 1e-2f);
  }

  /** Central differences {@code (f(v + h e_i) - f(v - h e_i)) / 2h}, one element at a time. */
  private static double[] differences(float[] at, Function f, float h) {
    double[] gradient = new double[at.length];
    float[] v = at.clone();
    for (int i = 0; i < v.length; i++) {
      float saved = v[i];
      v[i] = saved + h;
      double plus = f.of(v);
      v[i] = saved - h;
      double minus = f.of(v);
      v[i] = saved;
      gradient[i] = (plus - minus) / ((double) (saved + h) - (double) (saved - h));
    }
    return gradient;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static double[] scaled(double[] values, double factor) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static float[] uniform(Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = 2 * random.nextFloat() - 1;
    }
    return values;
  }

  /** A device tensor holding {@code values} from {@link #OFFSET} on, NaN around them. */
  private static Tensor at(float[] values) {
    Tensor tensor = device.allocate(OFFSET + values.length + 3);
    device.fill(tensor, 0, tensor.size(), Float.NaN);
    device.upload(values, 0, tensor, OFFSET, values.length);
    return tensor;
  }

  private static float[] read(Tensor tensor, int count) {
    return read(tensor, OFFSET, count);
  }

  private static float[] read(Tensor tensor, int offset, int count) {
    float[] values = new float[count];
    device.download(tensor, offset, values, 0, count);
    return values;
  }
}
