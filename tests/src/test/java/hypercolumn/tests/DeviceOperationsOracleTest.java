package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static hypercolumn.tests.DeviceArrays.gaussian;
import static hypercolumn.tests.DeviceArrays.read;
import static hypercolumn.tests.DeviceArrays.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device's memory operations, matrix product, bias gradient and softmax on each device,
 * against plain references written here in double from the formulas of {@code Device}'s
 * javadoc: the memory operations exactly, the rest within a few float32 roundings of the
 * largest reference value. Every product and sum also checks that what lies outside its
 * output block is left as it was, so a wrong offset or leading dimension fails even where it
 * happens to write the right values. Sizes go past the CPU device's thresholds for splitting a
 * call among threads and past the 1024 partial sums of the CUDA device's reductions.
 */
class DeviceOperationsOracleTest {
  /** Float32 products of up to 300 terms, as a fraction of the largest value. */
  private static final double GEMM = 1e-5;
  /** Softmax outputs and their gradients: a few roundings of values at most 1. */
  private static final double SOFTMAX = 1e-6;

  private final Random random = new Random(2024);

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void allocateGivesZerosAndUploadFillCopyAndDownloadMoveExactlyTheirRanges(TestDevices kind) {
    try (Device device = kind.open()) {
      Tensor a = device.allocate(100);
      assertArrayEquals(new float[100], read(device, a), "a new tensor");
      float[] source = gaussian(random, 60, 1);
      device.upload(source, 5, a, 10, 40);
      device.fill(a, 70, 20, -2.5f);
      Tensor b = device.allocate(50);
      device.copy(a, 20, b, 3, 30);
      float[] expectedA = new float[100];
      System.arraycopy(source, 5, expectedA, 10, 40);
      Arrays.fill(expectedA, 70, 90, -2.5f);
      float[] expectedB = new float[50];
      System.arraycopy(expectedA, 20, expectedB, 3, 30);
      assertArrayEquals(expectedA, read(device, a), "after upload and fill");
      assertArrayEquals(expectedB, read(device, b), "after copy");
      float[] target = new float[20];
      Arrays.fill(target, 7f);
      device.download(a, 45, target, 2, 15);
      float[] expectedTarget = new float[20];
      Arrays.fill(expectedTarget, 7f);
      System.arraycopy(expectedA, 45, expectedTarget, 2, 15);
      assertArrayEquals(expectedTarget, target, "after download");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void aHostCopyDeliversTheRangeItWasStartedOn(TestDevices kind) {
    try (Device device = kind.open(); HostCopy copy = device.hostCopy(8)) {
      float[] values = gaussian(random, 20, 1);
      Tensor t = tensor(device, values);
      copy.start(t, 4, 8);
      assertArrayEquals(Arrays.copyOfRange(values, 4, 12), Arrays.copyOf(copy.await(), 8));
      copy.start(t, 11, 3);
      assertArrayEquals(Arrays.copyOfRange(values, 11, 14), Arrays.copyOf(copy.await(), 3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void aHostViewIsTheCallersArrayOnTheCpuAndNoneOnAGpu(TestDevices kind) {
    try (Device device = kind.open()) {
      float[] values = {1, 2, 3, 4, 5};
      Tensor view = device.hostView(values);
      if (kind == TestDevices.CUDA) {
        assertNull(view, "a GPU cannot compute on host memory");
        return;
      }
      device.fill(view, 1, 3, -1f);
      assertArrayEquals(new float[] {1, -1, -1, -1, 5}, values, "the array after a fill of its view");
      values[4] = 9;
      float[] back = new float[5];
      device.download(view, 0, back, 0, 5);
      assertArrayEquals(new float[] {1, -1, -1, -1, 9}, back, "the view after a write to the array");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void gemmIsAlphaTimesTheProductPlusBetaTimesCInEveryTransposeCase(TestDevices kind) {
    int[][] shapes = {{7, 13, 5}, {1, 9, 1}, {67, 45, 300}};
    float[][] alphaBeta = {{1f, 0f}, {0.7f, 0.3f}, {1f, 1f}, {-2f, 0f}};
    try (Device device = kind.open()) {
      for (int[] shape : shapes) {
        for (float[] ab : alphaBeta) {
          for (int t = 0; t < 4; t++) {
            checkGemm(device, t / 2 == 1, t % 2 == 1, shape[0], shape[1], shape[2], ab[0], ab[1],
                false);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void gemmWithBetaZeroIgnoresNaNInCAndWithKZeroScalesC(TestDevices kind) {
    // checkGemm fills C with NaN whenever beta is 0; k = 0 leaves beta * C.
    try (Device device = kind.open()) {
      for (int t = 0; t < 4; t++) {
        checkGemm(device, t / 2 == 1, t % 2 == 1, 5, 8, 6, 1.5f, 0f, false);
        checkGemm(device, t / 2 == 1, t % 2 == 1, 5, 8, 0, 1.5f, 0.5f, false);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void gemmWithAReadOnlyBIsTheSameProduct(TestDevices kind) {
    // The CPU device packs a read-only B once and reuses it: two products share one packing.
    try (Device device = kind.open()) {
      for (boolean transposeB : new boolean[] {false, true}) {
        checkGemm(device, false, transposeB, 33, 70, 40, 1f, 0f, true);
        checkGemm(device, true, transposeB, 9, 17, 12, 0.5f, 2f, true);
      }
    }
  }

  /**
   * One product with padded leading dimensions and offsets into larger tensors, against the
   * triple loop in double; C outside its block must keep its bits.
   */
  private void checkGemm(Device device, boolean ta, boolean tb, int m, int n, int k, float alpha,
      float beta, boolean readOnlyB) {
    int lda = (ta ? m : k) + 3;
    int ldb = (tb ? k : n) + 2;
    int ldc = n + 1;
    int aOffset = 2;
    int bOffset = 1;
    int cOffset = 3;
    float[] a = gaussian(random, aOffset + lda * Math.max(1, ta ? k : m), 1);
    float[] b = gaussian(random, bOffset + ldb * Math.max(1, tb ? n : k), 1);
    float[] c = gaussian(random, cOffset + ldc * m + 2, 1);
    if (beta == 0) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, Float.NaN);
      }
    }
    double[] expected = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      expected[i] = c[i];
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
          double y = tb ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
          sum += x * y;
        }
        int at = cOffset + i * ldc + j;
        expected[at] = alpha * sum + (beta == 0 ? 0 : beta * (double) c[at]);
      }
    }
    Tensor aa = tensor(device, a);
    Tensor bb = tensor(device, b);
    Tensor cc = tensor(device, c);
    String what = String.format("gemm %s%s m=%d n=%d k=%d alpha=%s beta=%s%s", ta ? "T" : "N",
        tb ? "T" : "N", m, n, k, alpha, beta, readOnlyB ? " with read-only B" : "");
    if (readOnlyB) {
      try (ReadOnlyScope scope = device.readOnly(bb)) {
        Tensor first = tensor(device, c);
        device.gemm(ta, tb, m, n, k, alpha, aa, aOffset, lda, bb, bOffset, ldb, beta, first,
            cOffset, ldc);
        assertWithin(what + ", first product", expected, read(device, first), GEMM);
        device.gemm(ta, tb, m, n, k, alpha, aa, aOffset, lda, bb, bOffset, ldb, beta, cc,
            cOffset, ldc);
      }
    } else {
      device.gemm(ta, tb, m, n, k, alpha, aa, aOffset, lda, bb, bOffset, ldb, beta, cc, cOffset,
          ldc);
    }
    float[] actual = read(device, cc);
    assertWithin(what, expected, actual, GEMM);
    assertOutsideUnchanged(what, c, actual, cOffset, m, n, ldc);
  }

  /** The bits of every element outside the {@code rows x columns} block at {@code offset}. */
  private static void assertOutsideUnchanged(String what, float[] before, float[] after,
      int offset, int rows, int columns, int leading) {
    for (int i = 0; i < before.length; i++) {
      int inBlock = i - offset;
      boolean inside = inBlock >= 0 && inBlock / leading < rows && inBlock % leading < columns;
      if (!inside) {
        assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(after[i]),
            what + ": element " + i + " outside the output was written");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void sumRowsAddsEachColumnToBetaTimesTheOutput(TestDevices kind) {
    int[][] shapes = {{9, 11}, {1, 3}, {400, 130}};
    try (Device device = kind.open()) {
      for (int[] shape : shapes) {
        int rows = shape[0];
        int columns = shape[1];
        float[] in = gaussian(random, 4 + rows * columns, 1);
        for (float beta : new float[] {0f, 0.5f, 1f}) {
          float[] out = gaussian(random, columns + 5, 1);
          if (beta == 0) {
            Arrays.fill(out, 2, 2 + columns, Float.NaN); // backward overwrites stale gradients
          }
          double[] expected = new double[columns];
          for (int j = 0; j < columns; j++) {
            double sum = beta == 0 ? 0 : beta * (double) out[2 + j];
            for (int i = 0; i < rows; i++) {
              sum += in[4 + i * columns + j];
            }
            expected[j] = sum;
          }
          Tensor result = tensor(device, out);
          device.sumRows(tensor(device, in), 4, rows, columns, beta, result, 2);
          float[] actual = read(device, result);
          String what = "sumRows " + rows + "x" + columns + " beta=" + beta;
          assertWithin(what, expected, Arrays.copyOfRange(actual, 2, 2 + columns), 1e-5);
          assertOutsideUnchanged(what, out, actual, 2, 1, columns, columns);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void softmaxNormalizesEachRowAndSurvivesLargeLogits(TestDevices kind) {
    int[][] shapes = {{6, 10}, {300, 120}, {2, 1}};
    try (Device device = kind.open()) {
      for (int[] shape : shapes) {
        int rows = shape[0];
        int columns = shape[1];
        float[] x = gaussian(random, 3 + rows * columns, 3);
        x[3] = 1000f; // exp(1000) overflows unless the row's maximum is subtracted first
        x[3 + rows * columns - 1] = -1000f;
        double[] expected = softmax(x, 3, rows, columns);
        float[] outInit = gaussian(random, 1 + rows * columns + 1, 1);
        Tensor out = tensor(device, outInit);
        device.softmax(tensor(device, x), 3, out, 1, rows, columns);
        float[] actual = read(device, out);
        String what = "softmax " + rows + "x" + columns;
        assertWithin(what, expected, Arrays.copyOfRange(actual, 1, 1 + rows * columns), SOFTMAX);
        assertOutsideUnchanged(what, outInit, actual, 1, 1, rows * columns, rows * columns);
        Tensor inPlace = tensor(device, x);
        device.softmax(inPlace, 3, inPlace, 3, rows, columns);
        assertWithin(what + " in place", expected,
            Arrays.copyOfRange(read(device, inPlace), 3, 3 + rows * columns), SOFTMAX);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void softmaxBackwardIsTheJacobianOfSoftmaxTimesTheGradient(TestDevices kind) {
    int[][] shapes = {{6, 10}, {300, 120}};
    try (Device device = kind.open()) {
      for (int[] shape : shapes) {
        int rows = shape[0];
        int columns = shape[1];
        int size = rows * columns;
        float[] x = gaussian(random, size, 2);
        double[] exact = softmax(x, 0, rows, columns);
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
          y[i] = (float) exact[i];
        }
        float[] dy = gaussian(random, 2 + size, 1);
        // dx_j = sum_i dy_i * dy_i/dx_j, with the Jacobian y_i (delta_ij - y_j).
        double[] expected = new double[size];
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < columns; j++) {
            double sum = 0;
            for (int i = 0; i < columns; i++) {
              double yi = y[r * columns + i];
              double yj = y[r * columns + j];
              sum += dy[2 + r * columns + i] * yi * ((i == j ? 1 : 0) - yj);
            }
            expected[r * columns + j] = sum;
          }
        }
        Tensor yy = tensor(device, y);
        Tensor dx = device.allocate(size + 1);
        device.softmaxBackward(yy, 0, tensor(device, dy), 2, dx, 1, rows, columns);
        String what = "softmax backward " + rows + "x" + columns;
        assertWithin(what, expected, Arrays.copyOfRange(read(device, dx), 1, 1 + size), SOFTMAX);
        Tensor inPlace = tensor(device, dy);
        device.softmaxBackward(yy, 0, inPlace, 2, inPlace, 2, rows, columns);
        assertWithin(what + " in place", expected,
            Arrays.copyOfRange(read(device, inPlace), 2, 2 + size), SOFTMAX);
      }
    }
  }

  /** Row-wise softmax in double. */
  static double[] softmax(float[] x, int offset, int rows, int columns) {
    double[] out = new double[rows * columns];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < columns; j++) {
        max = Math.max(max, x[offset + r * columns + j]);
      }
      double sum = 0;
      for (int j = 0; j < columns; j++) {
        sum += Math.exp(x[offset + r * columns + j] - max);
      }
      for (int j = 0; j < columns; j++) {
        out[r * columns + j] = Math.exp(x[offset + r * columns + j] - max) / sum;
      }
    }
    return out;
  }
}
