package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Tensor;
import hypercolumn.testing.Tolerance;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Both GEMM paths against the naive product: the Vector API one (surefire starts the JVM with
 * jdk.incubator.vector), with each micro-kernel, and the plain-Java one, each on one, two and
 * three threads. The 512-bit kernel runs on every machine; without 512-bit vectors the Vector API
 * emulates them, slowly but with the same results.
 */
class GemmTest {
  private static final CpuDevice[] VECTOR = {
      new CpuDevice(1, true), new CpuDevice(2, true), new CpuDevice(3, true)};
  private static final CpuDevice[] PLAIN = {
      new CpuDevice(1, false), new CpuDevice(2, false), new CpuDevice(3, false)};
  /** The vector GEMM with the 4 x 16 micro-kernel, whichever this JVM would choose. */
  private static final CpuDevice[] NARROW = withTile("4x16");
  /** The vector GEMM with the 6 x 16 micro-kernel. */
  private static final CpuDevice[] SIX_ROWS = withTile("6x16");
  /** The vector GEMM with the 6 x 32 micro-kernel on 512-bit vectors. */
  private static final CpuDevice[] WIDE = withTile("6x32");
  private static final CpuDevice[] ALL = {
      VECTOR[0], VECTOR[1], VECTOR[2], PLAIN[0], PLAIN[1], PLAIN[2], NARROW[0], NARROW[1], SIX_ROWS[1],
      WIDE[0], WIDE[1]};

  private static CpuDevice[] withTile(String tile) {
    String before = System.getProperty(MicroKernelChoice.PROPERTY);
    System.setProperty(MicroKernelChoice.PROPERTY, tile);
    try {
      return new CpuDevice[] {new CpuDevice(1, true), new CpuDevice(2, true)};
    } finally {
      if (before == null) {
        System.clearProperty(MicroKernelChoice.PROPERTY);
      } else {
        System.setProperty(MicroKernelChoice.PROPERTY, before);
      }
    }
  }

  @AfterAll
  static void close() {
    for (CpuDevice[] devices : new CpuDevice[][] {VECTOR, PLAIN, NARROW, SIX_ROWS, WIDE}) {
      for (CpuDevice device : devices) {
        device.close();
      }
    }
  }

  @Test
  void theVectorPathIsTheDefaultWithTheModuleAndThePropertyForcesPlain() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "surefire should start the JVM with --add-modules jdk.incubator.vector");
    try (CpuDevice device = new CpuDevice(1)) {
      assertEquals("vector", device.gemmKernel());
    }
    String old = System.getProperty(GemmKernel.PROPERTY);
    try {
      System.setProperty(GemmKernel.PROPERTY, "plain");
      try (CpuDevice device = new CpuDevice(1)) {
        assertEquals("plain", device.gemmKernel());
      }
      System.setProperty(GemmKernel.PROPERTY, "fast");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new CpuDevice(1));
      assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(GemmKernel.PROPERTY);
      } else {
        System.setProperty(GemmKernel.PROPERTY, old);
      }
    }
    assertEquals("plain", PLAIN[1].gemmKernel());
    assertEquals("vector", VECTOR[1].gemmKernel());
  }

  @Test
  void theBlockDepthPropertySetsTheVectorPathsBlocksOfKAndIsChecked() {
    String property = VectorGemmEngine.BLOCK_DEPTH_PROPERTY;
    String old = System.getProperty(property);
    try {
      System.setProperty(property, "60"); // 300 = 5 blocks of 60, each 7 groups of 8 and 4
      assertEquals(60, VectorGemmEngine.blockDepth());
      Random random = new Random(13);
      try (CpuDevice device = new CpuDevice(2)) {
        for (int t = 0; t < 4; t++) {
          check(device, t / 2 == 1, t % 2 == 1, 37, 45, 300, 1f, 0.5f, 1, 2, random);
        }
      }
      for (String bad : new String[] {"0", "-3", "deep"}) {
        System.setProperty(property, bad);
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> new CpuDevice(1));
        assertTrue(e.getMessage().contains(property) && e.getMessage().contains("'" + bad + "'"),
            e.getMessage());
      }
    } finally {
      if (old == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, old);
      }
    }
  }

  @Test
  void everyTransposeCombinationMatchesTheNaiveProductAtOddSizes() {
    int[] sizes = {1, 3, 17, 129, 300};
    Random random = new Random(7);
    for (int m : sizes) {
      for (int n : sizes) {
        for (int k : new int[] {1, 17, 300}) {
          for (int t = 0; t < 4; t++) {
            int threads = 1 + (m + n + k + t) % 2;
            check(VECTOR[threads], t / 2 == 1, t % 2 == 1, m, n, k, 1f, 0f, 0, 0, random);
            check(NARROW[threads - 1], t / 2 == 1, t % 2 == 1, m, n, k, 1f, 0f, 0, 0, random);
            check(SIX_ROWS[threads - 1], t / 2 == 1, t % 2 == 1, m, n, k, 1f, 0f, 0, 0, random);
            check(WIDE[threads - 1], t / 2 == 1, t % 2 == 1, m, n, k, 1f, 0f, 0, 0, random);
            check(PLAIN[threads], t / 2 == 1, t % 2 == 1, m, n, k, 1f, 0f, 0, 0, random);
          }
        }
      }
    }
  }

  @Test
  void offsetsLeadingDimensionsAlphaAndBetaAreHonoured() {
    Random random = new Random(11);
    for (CpuDevice device : ALL) {
      for (int t = 0; t < 4; t++) {
        check(device, t / 2 == 1, t % 2 == 1, 37, 261, 70, 0.5f, -1.5f, 5, 3, random);
        check(device, t / 2 == 1, t % 2 == 1, 130, 20, 513, -2f, 1f, 1, 9, random);
        check(device, t / 2 == 1, t % 2 == 1, 2, 2, 2, 1f, 0.25f, 2, 1, random);
        // Three blocks of k on the vector path (2125 = 3 x 709 with KC = 1024), each ending
        // with a partial group of packed A.
        check(device, t / 2 == 1, t % 2 == 1, 13, 35, 2 * VectorGemmEngine.KC + 77, 1f, 0.5f, 2,
            4, random);
      }
    }
  }

  @Test
  void theMultiLayerPerceptronShapesMatchOnEveryThreadCount() {
    Random random = new Random(3);
    for (CpuDevice device : ALL) {
      check(device, false, true, 128, 256, 784, 1f, 0f, 0, 0, random);
      check(device, true, false, 256, 784, 128, 1f, 0f, 0, 0, random);
      check(device, false, false, 128, 784, 256, 1f, 1f, 0, 0, random);
    }
  }

  @Test
  void theVectorPathGivesBitIdenticalProductsOnOneTwoAndThreeThreads() {
    // Shapes whose work is cut differently per thread count: several k blocks, partial edge
    // panels in both directions, and a C with beta 1.
    int[][] shapes = {
        {128, 256, 784}, {256, 784, 128}, {97, 131, VectorGemmEngine.KC + 76}, {300, 17, 260}};
    Random random = new Random(5);
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      for (int t = 0; t < 4; t++) {
        boolean ta = t / 2 == 1;
        boolean tb = t % 2 == 1;
        float[] a = randomArray(m * k, random);
        float[] b = randomArray(k * n, random);
        float[] c = randomArray(m * n, random);
        float[] first = null;
        // Every micro-kernel sums each value's products in the same order: the same bits.
        for (CpuDevice device : new CpuDevice[] {VECTOR[0], VECTOR[1], VECTOR[2], NARROW[0],
            NARROW[1], SIX_ROWS[0], SIX_ROWS[1], WIDE[0], WIDE[1]}) {
          Tensor tensorA = device.allocate(a.length);
          Tensor tensorB = device.allocate(b.length);
          Tensor tensorC = device.allocate(c.length);
          device.upload(a, 0, tensorA, 0, a.length);
          device.upload(b, 0, tensorB, 0, b.length);
          device.upload(c, 0, tensorC, 0, c.length);
          device.gemm(ta, tb, m, n, k, 1f, tensorA, 0, ta ? m : k, tensorB, 0, tb ? k : n, 1f,
              tensorC, 0, n);
          float[] result = tensorC.hostArray();
          if (first == null) {
            first = result.clone();
            continue;
          }
          for (int i = 0; i < result.length; i++) {
            if (Float.floatToRawIntBits(first[i]) != Float.floatToRawIntBits(result[i])) {
              throw new AssertionError(String.format(
                  "%s, %s tiles, ta=%b tb=%b m=%d n=%d k=%d: element %d is %s on one thread, %s here",
                  device.describe(), device.gemmTile(), ta, tb, m, n, k, i, first[i], result[i]));
            }
          }
        }
      }
    }
  }

  @Test
  void theTilePropertyChoosesTheMicroKernel() {
    assertEquals("4x16", NARROW[0].gemmTile());
    assertEquals("6x16", SIX_ROWS[0].gemmTile());
    assertEquals("6x32", WIDE[0].gemmTile());
    assertEquals("none", PLAIN[0].gemmTile());
  }

  @Test
  void betaZeroIgnoresNanInC() {
    for (CpuDevice device : new CpuDevice[] {VECTOR[1], PLAIN[1]}) {
      betaZeroIgnoresNanInC(device);
    }
  }

  private static void betaZeroIgnoresNanInC(CpuDevice device) {
    for (int size : new int[] {2, 40, 200}) {
      Tensor a = device.allocate(size * size);
      Tensor b = device.allocate(size * size);
      Tensor c = device.allocate(size * size);
      device.fill(a, 0, size * size, 1f);
      device.fill(b, 0, size * size, 2f);
      device.fill(c, 0, size * size, Float.NaN);
      device.gemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
      for (float value : c.hostArray()) {
        assertEquals(2f * size, value, "size " + size);
      }
    }
  }

  @Test
  void zeroDepthScalesCByBeta() {
    Tensor a = VECTOR[0].allocate(1);
    Tensor c = VECTOR[0].allocate(6);
    VECTOR[0].fill(c, 0, 6, 4f);
    VECTOR[0].gemm(false, false, 2, 3, 0, 1f, a, 0, 1, a, 0, 3, 0.5f, c, 0, 3);
    for (float value : c.hostArray()) {
      assertEquals(2f, value);
    }
  }

  @Test
  void aMatrixThatDoesNotFitItsTensorIsRejected() {
    Tensor a = VECTOR[0].allocate(10);
    Tensor c = VECTOR[0].allocate(100);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> VECTOR[0].gemm(false, false, 4, 4, 4, 1f, a, 0, 4, c, 0, 4, 0f, c, 0, 4));
    assertTrue(e.getMessage().contains("A: a 4x4 matrix"), e.getMessage());
    IllegalArgumentException ld = assertThrows(IllegalArgumentException.class,
        () -> VECTOR[0].gemm(false, false, 4, 4, 4, 1f, c, 0, 3, c, 0, 4, 0f, c, 0, 4));
    assertTrue(ld.getMessage().contains("leading dimension of A must be >= 4, found 3"));
  }

  /** Runs one product with extra padding in every leading dimension and compares it in double. */
  private static void check(
      CpuDevice device, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
      int offset, int pad, Random random) {
    int aRows = ta ? k : m;
    int aCols = ta ? m : k;
    int bRows = tb ? n : k;
    int bCols = tb ? k : n;
    int lda = aCols + pad;
    int ldb = bCols + pad;
    int ldc = n + pad;
    float[] a = randomArray(offset + aRows * lda, random);
    float[] b = randomArray(offset + bRows * ldb, random);
    float[] c = randomArray(offset + m * ldc, random);
    Tensor ta0 = device.allocate(a.length);
    Tensor tb0 = device.allocate(b.length);
    Tensor tc0 = device.allocate(c.length);
    device.upload(a, 0, ta0, 0, a.length);
    device.upload(b, 0, tb0, 0, b.length);
    device.upload(c, 0, tc0, 0, c.length);
    device.gemm(ta, tb, m, n, k, alpha, ta0, offset, lda, tb0, offset, ldb, beta, tc0, offset,
        ldc);
    float[] result = tc0.hostArray();
    double[] expected = new double[m * n];
    double[] found = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a[offset + p * lda + i] : a[offset + i * lda + p];
          double y = tb ? b[offset + j * ldb + p] : b[offset + p * ldb + j];
          sum += x * y;
        }
        expected[i * n + j] = alpha * sum + beta * c[offset + i * ldc + j];
        found[i * n + j] = result[offset + i * ldc + j];
      }
      for (int j = n; j < ldc; j++) {
        assertEquals(c[offset + i * ldc + j], result[offset + i * ldc + j], "padding changed");
      }
    }
    for (int i = 0; i < offset; i++) {
      assertEquals(c[i], result[i], "element before the offset changed");
    }
    // float32 rounding (6e-8 a step) of a sum of k products grows at worst linearly with k.
    Tolerance.assertWithin(String.format("%s ta=%b tb=%b m=%d n=%d k=%d against a product in double",
        device.describe(), ta, tb, m, n, k), expected, found, 2e-7 * Math.max(1, k));
  }

  private static float[] randomArray(int size, Random random) {
    float[] array = new float[size];
    for (int i = 0; i < size; i++) {
      array[i] = random.nextFloat() * 2 - 1;
    }
    return array;
  }
}
