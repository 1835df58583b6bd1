package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The CPU device's read-only scope: products whose B is the read-only tensor reuse one packing
 * of it and give the same bits as without the scope; writes to the tensor are refused while the
 * scope is open; a later scope sees the tensor's new values.
 */
class ReadOnlyScopeTest {
  /** m, n, k, transposeA, transposeB: the MLP's forward shapes, then odd ones with edges. */
  private static final int[][] SHAPES = {
      {128, 256, 784, 0, 1}, {128, 128, 256, 0, 1}, {128, 10, 128, 0, 1},
      {129, 33, 300, 0, 0}, {61, 50, 290, 1, 1}, {50, 61, 300, 1, 0}};

  @Test
  void productsOverTheReadOnlyTensorGiveTheSameBitsOnEveryThreadCountAndEngine() {
    for (boolean vector : new boolean[] {true, false}) {
      for (int threads = 1; threads <= 3; threads++) {
        try (CpuDevice device = new CpuDevice(threads, vector)) {
          for (int[] shape : SHAPES) {
            checkSameBits(device, shape);
          }
        }
      }
    }
  }

  private static void checkSameBits(CpuDevice device, int[] shape) {
    int m = shape[0];
    int n = shape[1];
    int k = shape[2];
    boolean ta = shape[3] == 1;
    boolean tb = shape[4] == 1;
    Random random = new Random(m * 31 + n * 7 + k);
    int bOffset = 5; // the weights of a later layer sit at an offset in the parameters
    Tensor a = filled(device, m * k, random);
    Tensor weights = filled(device, bOffset + n * k, random);
    Tensor c = device.allocate(m * n);
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    device.gemm(ta, tb, m, n, k, 1f, a, 0, lda, weights, bOffset, ldb, 0f, c, 0, n);
    float[] expected = c.hostArray().clone();
    try (ReadOnlyScope scope = device.readOnly(weights)) {
      for (int call = 0; call < 3; call++) { // the first packs the weights, the others reuse
        device.fill(c, 0, m * n, Float.NaN);
        device.gemm(ta, tb, m, n, k, 1f, a, 0, lda, weights, bOffset, ldb, 0f, c, 0, n);
        assertArrayEquals(expected, c.hostArray(), String.format(
            "%s call %d, %dx%dx%d ta=%b tb=%b", device.describe(), call, m, n, k, ta, tb));
      }
    }
  }

  @Test
  void theVectorEngineKeepsOnePackingPerMatrixAndForgetsThemWhenTold() {
    try (WorkerPool pool = new WorkerPool(2)) {
      VectorGemmEngine engine = new VectorGemmEngine(pool);
      Random random = new Random(3);
      float[] a = random(128 * 784, random);
      float[] weights = random(256 * 784 + 128 * 256, random);
      float[] c = new float[128 * 256];
      for (int call = 0; call < 3; call++) {
        engine.gemmFixedB(false, true, 128, 256, 784, 1f, a, 0, 784, weights, 0, 784, 0f, c, 0,
            256);
        engine.gemmFixedB(false, true, 128, 128, 256, 1f, a, 0, 256, weights, 256 * 784, 256,
            0f, c, 0, 128);
      }
      assertEquals(2, engine.fixedOperandCount());
      engine.gemm(false, true, 128, 256, 784, 1f, a, 0, 784, weights, 0, 784, 0f, c, 0, 256);
      assertEquals(2, engine.fixedOperandCount(), "a plain product keeps nothing");
      engine.forgetFixedOperands();
      assertEquals(0, engine.fixedOperandCount());
    }
  }

  @Test
  void aLaterScopeSeesTheNewValuesOfTheTensor() {
    try (CpuDevice device = new CpuDevice(2, true)) {
      Random random = new Random(5);
      Tensor a = filled(device, 128 * 784, random);
      Tensor weights = filled(device, 256 * 784, random);
      Tensor c = device.allocate(128 * 256);
      try (ReadOnlyScope scope = device.readOnly(weights)) {
        device.gemm(false, true, 128, 256, 784, 1f, a, 0, 784, weights, 0, 784, 0f, c, 0, 256);
      }
      float[] changed = random(256 * 784, random);
      device.upload(changed, 0, weights, 0, changed.length);
      device.gemm(false, true, 128, 256, 784, 1f, a, 0, 784, weights, 0, 784, 0f, c, 0, 256);
      float[] expected = c.hostArray().clone();
      try (ReadOnlyScope scope = device.readOnly(weights)) {
        device.gemm(false, true, 128, 256, 784, 1f, a, 0, 784, weights, 0, 784, 0f, c, 0, 256);
      }
      assertArrayEquals(expected, c.hostArray(), "the second scope used the old packing");
    }
  }

  @Test
  void writesToTheReadOnlyTensorAreRefusedUntilTheScopeCloses() {
    try (CpuDevice device = new CpuDevice(2, true)) {
      Tensor weights = device.allocate(64);
      Tensor other = device.allocate(64);
      Tensor state = device.allocate(128);
      float[] values = new float[64];
      try (ReadOnlyScope scope = device.readOnly(weights)) {
        assertRefused(() -> device.upload(values, 0, weights, 0, 64), "target");
        assertRefused(() -> device.fill(weights, 0, 64, 1f), "target");
        assertRefused(() -> device.copy(other, 0, weights, 0, 64), "target");
        assertRefused(() -> device.gemm(false, false, 8, 8, 8, 1f, other, 0, 8, other, 0, 8, 0f,
            weights, 0, 8), "C");
        assertRefused(() -> device.adamUpdate(weights, other, state, 64, 1e-3f, 0.9f, 0.999f,
            1e-8f, 1), "parameters");
        assertRefused(() -> device.sgdUpdate(weights, other, null, 64, 0.1f, 0f, false),
            "parameters");
        assertRefused(() -> device.sumRows(other, 0, 8, 8, 0f, weights, 0), "out");
        // Reading it, and writing anything else, goes on as usual.
        device.download(weights, 0, values, 0, 64);
        device.copy(weights, 0, other, 0, 64);
        IllegalStateException another =
            assertThrows(IllegalStateException.class, () -> device.readOnly(other));
        assertTrue(another.getMessage().contains("is open"), another.getMessage());
        try (ReadOnlyScope nested = device.readOnly(weights)) {
          assertRefused(() -> device.fill(weights, 0, 64, 1f), "target");
        }
        assertRefused(() -> device.fill(weights, 0, 64, 1f), "target"); // the outer one holds
        scope.close();
        scope.close(); // closing twice is harmless
        device.fill(weights, 0, 64, 2f);
      }
      assertEquals(2f, weights.hostArray()[63]);
      ReadOnlyScope first = device.readOnly(weights);
      first.close();
      try (ReadOnlyScope again = device.readOnly(weights)) {
        first.close(); // an old scope's close leaves the new one open
        assertRefused(() -> device.fill(weights, 0, 64, 3f), "target");
      }
      device.fill(weights, 0, 64, 3f);
    }
  }

  private static void assertRefused(Executable write, String name) {
    IllegalStateException e = assertThrows(IllegalStateException.class, write);
    assertTrue(e.getMessage().startsWith(name + " (") && e.getMessage().contains("read-only"),
        e.getMessage());
  }

  private static Tensor filled(CpuDevice device, int size, Random random) {
    Tensor tensor = device.allocate(size);
    float[] values = random(size, random);
    device.upload(values, 0, tensor, 0, size);
    return tensor;
  }

  private static float[] random(int size, Random random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }
}
