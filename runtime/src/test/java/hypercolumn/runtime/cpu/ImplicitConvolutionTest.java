package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.Tensor;
import hypercolumn.testing.Tolerance;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The implicit GEMM's two kernels (6 x 16 on 256-bit vectors, 6 x 32 on 512-bit ones, whichever
 * this machine has: the Vector API emulates a width it lacks) against {@link
 * ConvolutionReference}'s loops in double, on shapes that reach each of its edges: a last tile
 * of fewer than six cells or window cells, channel counts that are not a multiple of the panel
 * and span several panels, no padding (the input read in place), padding only on some sides,
 * strides and dilations, products too narrow for a panel (which go to the column matrix), the col2im fallback of backward data, and more cells than one block of
 * the filter gradient. Then the same results from the im2col path, as a second check.
 */
class ImplicitConvolutionTest {
  private static final int OFFSET = 7;
  private static CpuDevice device;

  @BeforeAll
  static void open() {
    device = new CpuDevice(2);
  }

  @AfterAll
  static void close() {
    device.close();
  }

  static Stream<ConvolutionShape> shapes() {
    return Stream.of(
        // batch, C, H, W, K, kh, kw, sh, sw, top, bottom, left, right, dh, dw
        new ConvolutionShape(2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvolutionShape(3, 1, 9, 9, 37, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1),
        new ConvolutionShape(2, 5, 9, 8, 3, 3, 2, 2, 3, 0, 1, 2, 0, 1, 1),
        new ConvolutionShape(1, 2, 10, 9, 3, 3, 3, 1, 2, 2, 2, 1, 3, 2, 3),
        new ConvolutionShape(2, 4, 8, 7, 5, 3, 3, 1, 1, 2, 0, 0, 1, 2, 1),
        new ConvolutionShape(3, 1, 5, 5, 2, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1),
        new ConvolutionShape(2, 17, 6, 6, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvolutionShape(2, 2, 4, 5, 3, 2, 3, 3, 3, 2, 2, 3, 3, 1, 1),
        new ConvolutionShape(2, 3, 5, 5, 2, 3, 3, 1, 1, 3, 3, 0, 0, 1, 1),
        new ConvolutionShape(2, 20, 7, 6, 24, 3, 3, 1, 1, 1, 1, 1, 1, 2, 1),
        new ConvolutionShape(2, 16, 9, 8, 16, 3, 2, 2, 3, 0, 1, 2, 0, 1, 1),
        new ConvolutionShape(1, 18, 6, 6, 20, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1),
        new ConvolutionShape(2, 16, 8, 7, 17, 3, 3, 1, 1, 2, 0, 0, 1, 2, 1),
        // 2 x 14 x 14 = 392 cells: more than one block of 256 in the filter gradient
        new ConvolutionShape(2, 32, 14, 14, 70, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1));
  }

  static Stream<Arguments> kernelsAndShapes() {
    return Stream.of(MicroKernelChoice.Tile.SIX_ROWS, MicroKernelChoice.Tile.WIDE)
        .flatMap(tile -> shapes().map(shape -> Arguments.of(tile, shape)));
  }

  @ParameterizedTest
  @MethodSource("kernelsAndShapes")
  void forwardMatchesDirectLoops(MicroKernelChoice.Tile tile, ConvolutionShape s) {
    CpuConvolutions convolutions = new CpuConvolutions(device, tile);
    Random random = new Random(11);
    float[] x = uniform(random, s.inputSize());
    float[] w = uniform(random, s.weightSize());
    float[] bias = uniform(random, s.outChannels());
    Tensor y = filled(s.outputSize(), Float.NaN);
    convolutions.convolutionForward(s, at(x), OFFSET, at(w), OFFSET, at(bias), OFFSET, y, OFFSET);
    Tolerance.assertWithin("y with bias", ConvolutionReference.forward(s, x, w, bias),
        read(y, s.outputSize()), 1e-5);
    assertUntouchedAround(y, s.outputSize());
    convolutions.convolutionForward(s, at(x), OFFSET, at(w), OFFSET, null, 0, y, OFFSET);
    Tolerance.assertWithin("y", ConvolutionReference.forward(s, x, w, null),
        read(y, s.outputSize()), 1e-5);
  }

  @ParameterizedTest
  @MethodSource("kernelsAndShapes")
  void backwardDataMatchesDirectLoops(MicroKernelChoice.Tile tile, ConvolutionShape s) {
    CpuConvolutions convolutions = new CpuConvolutions(device, tile);
    Random random = new Random(12);
    float[] dy = uniform(random, s.outputSize());
    float[] w = uniform(random, s.weightSize());
    Tensor dx = filled(s.inputSize(), Float.NaN);
    convolutions.convolutionBackwardData(s, at(dy), OFFSET, at(w), OFFSET, dx, OFFSET);
    Tolerance.assertWithin("dx", ConvolutionReference.backwardData(s, dy, w),
        read(dx, s.inputSize()), 1e-5);
    assertUntouchedAround(dx, s.inputSize());
  }

  /** beta 0 overwrites even NaN; beta 0.5 scales what is there before adding. */
  @ParameterizedTest
  @MethodSource("kernelsAndShapes")
  void backwardFilterMatchesDirectLoops(MicroKernelChoice.Tile tile, ConvolutionShape s) {
    CpuConvolutions convolutions = new CpuConvolutions(device, tile);
    Random random = new Random(13);
    float[] x = uniform(random, s.inputSize());
    float[] dy = uniform(random, s.outputSize());
    double[] reference = ConvolutionReference.backwardFilter(s, x, dy);
    Tensor dw = filled(s.weightSize(), Float.NaN);
    convolutions.convolutionBackwardFilter(s, at(x), OFFSET, at(dy), OFFSET, 0f, dw, OFFSET);
    Tolerance.assertWithin("dw, beta 0", reference, read(dw, s.weightSize()), 1e-5);
    assertUntouchedAround(dw, s.weightSize());
    convolutions.convolutionBackwardFilter(s, at(x), OFFSET, at(dy), OFFSET, 0.5f, dw, OFFSET);
    double[] scaled = Arrays.stream(reference).map(v -> 1.5 * v).toArray();
    Tolerance.assertWithin("dw, beta 0.5", scaled, read(dw, s.weightSize()), 1e-5);
  }

  /** The second check: the column-matrix path, on the device's GEMM, gives the same values. */
  @ParameterizedTest
  @MethodSource("kernelsAndShapes")
  void agreesWithTheColumnMatrixPath(MicroKernelChoice.Tile tile, ConvolutionShape s) {
    CpuConvolutions implicit = new CpuConvolutions(device, tile);
    CpuConvolutions columns = new CpuConvolutions(device, null);
    Random random = new Random(14);
    Tensor x = at(uniform(random, s.inputSize()));
    Tensor w = at(uniform(random, s.weightSize()));
    Tensor dy = at(uniform(random, s.outputSize()));
    Tensor[] a = {filled(s.outputSize(), 0f), filled(s.inputSize(), 0f), filled(s.weightSize(), 0f)};
    Tensor[] b = {filled(s.outputSize(), 0f), filled(s.inputSize(), 0f), filled(s.weightSize(), 0f)};
    CpuConvolutions[] both = {implicit, columns};
    Tensor[][] results = {a, b};
    for (int side = 0; side < 2; side++) {
      both[side].convolutionForward(s, x, OFFSET, w, OFFSET, null, 0, results[side][0], OFFSET);
      both[side].convolutionBackwardData(s, dy, OFFSET, w, OFFSET, results[side][1], OFFSET);
      both[side].convolutionBackwardFilter(s, x, OFFSET, dy, OFFSET, 0f, results[side][2], OFFSET);
    }
    int[] sizes = {s.outputSize(), s.inputSize(), s.weightSize()};
    String[] names = {"y", "dx", "dw"};
    for (int i = 0; i < 3; i++) {
      Tolerance.assertWithin(names[i], read(b[i], sizes[i]), read(a[i], sizes[i]), 1e-5);
    }
  }

  @Test
  void backwardDataFallsBackWhereTheTransposedWalkDoesNotFit() {
    assertTrue(ImplicitConvolution.supportsBackwardData(
        new ConvolutionShape(1, 1, 5, 5, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1)));
    assertFalse(ImplicitConvolution.supportsBackwardData(
        new ConvolutionShape(1, 1, 6, 6, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
    assertFalse(ImplicitConvolution.supportsBackwardData(
        new ConvolutionShape(1, 1, 5, 5, 1, 3, 3, 1, 1, 3, 3, 0, 0, 1, 1)), "pad 3 beyond reach 2");
  }

  /** Products with fewer output channels than half a panel go to the column matrix path. */
  @Test
  void narrowProductsUseTheColumnMatrix() {
    ImplicitConvolution wide = new ImplicitConvolution(device.pool(), MicroKernelChoice.Tile.WIDE);
    ImplicitConvolution narrow =
        new ImplicitConvolution(device.pool(), MicroKernelChoice.Tile.SIX_ROWS);
    assertTrue(wide.fills(16));
    assertFalse(wide.fills(15));
    assertTrue(narrow.fills(8));
    assertFalse(narrow.fills(7));
  }

  @Test
  void theFourRowTileHasNoKernel() {
    assertFalse(ImplicitConvolution.supports(MicroKernelChoice.Tile.FOUR_ROWS));
    assertEquals("im2col-gemm", new CpuConvolutions(device, null).algorithm());
    assertEquals("implicit-gemm",
        new CpuConvolutions(device, MicroKernelChoice.Tile.SIX_ROWS).algorithm());
  }

  /** -Dhypercolumn.conv=im2col keeps the column matrix; another value names what it expects. */
  @Test
  void theAlgorithmPropertyPicksTheColumnMatrixOrRefusesWhatItDoesNotKnow() {
    String saved = System.getProperty(CpuConvolutions.ALGORITHM_PROPERTY);
    try {
      System.setProperty(CpuConvolutions.ALGORITHM_PROPERTY, "im2col");
      assertEquals("im2col-gemm", new CpuConvolutions(device).algorithm());
      System.setProperty(CpuConvolutions.ALGORITHM_PROPERTY, " implicit ");
      assertTrue(CpuConvolutions.implicitWanted());
      System.setProperty(CpuConvolutions.ALGORITHM_PROPERTY, "fast");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new CpuConvolutions(device));
      assertEquals("system property hypercolumn.conv must be implicit or im2col (the CPU's"
          + " convolution algorithm), found 'fast'", e.getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(CpuConvolutions.ALGORITHM_PROPERTY);
      } else {
        System.setProperty(CpuConvolutions.ALGORITHM_PROPERTY, saved);
      }
    }
  }

  /** The values before and after the written range are still the NaN the tensor was filled with. */
  private static void assertUntouchedAround(Tensor tensor, int count) {
    float[] all = new float[tensor.size()];
    device.download(tensor, 0, all, 0, all.length);
    for (int i = 0; i < all.length; i++) {
      if (i < OFFSET || i >= OFFSET + count) {
        assertTrue(Float.isNaN(all[i]), "element " + i + " outside the output was written");
      }
    }
  }

  private static Tensor filled(int count, float value) {
    Tensor tensor = device.allocate(OFFSET + count + 3);
    device.fill(tensor, 0, tensor.size(), value);
    return tensor;
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
    Tensor tensor = filled(values.length, Float.NaN);
    device.upload(values, 0, tensor, OFFSET, values.length);
    return tensor;
  }

  private static float[] read(Tensor tensor, int count) {
    float[] values = new float[count];
    device.download(tensor, OFFSET, values, 0, count);
    return values;
  }
}
