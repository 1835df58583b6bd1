package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.Tensor;
import hypercolumn.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What the CPU device promises its callers besides arithmetic: every call checks its ranges
 * before it touches memory (the message names the tensor, and nothing is written), a closed
 * device refuses new work, a read-only scope hands back a scope that ends it, the thread count
 * follows {@code -Dhypercolumn.threads}, and the loss calls that write their result into a
 * tensor write the mean loss there. Expected losses are summed in double in the test.
 */
class CpuDeviceContractTest {
  private static Tensor filled(CpuDevice device, int size, float value) {
    Tensor t = device.allocate(size);
    device.fill(t, 0, size, value);
    return t;
  }

  /** The call fails with the range check's message for {@code name}, not an array's own. */
  private static void assertRangeRefused(String name, Executable call) {
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, call);
    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("do not fit a tensor of"), e.getMessage());
  }

  @Test
  void copiesOutOfRangeNameTheTensorAndWriteNothing() {
    try (CpuDevice device = new CpuDevice(1)) {
      Tensor small = filled(device, 3, 7f);
      Tensor large = filled(device, 8, 1f);
      float[] host = new float[3];
      assertRangeRefused("source", () -> device.download(small, 1, new float[8], 0, 3));
      assertRangeRefused("target", () -> device.download(large, 0, host, 0, 4));
      assertArrayEquals(new float[3], host);
      assertRangeRefused("source", () -> device.copy(small, 0, large, 0, 4));
      assertRangeRefused("target", () -> device.copy(large, 0, small, 1, 3));
      assertArrayEquals(new float[] {7, 7, 7}, small.hostArray());
      assertRangeRefused("source", () -> device.upload(host, 2, large, 0, 2));
      assertRangeRefused("target", () -> device.upload(new float[8], 0, small, 0, 8));
      assertArrayEquals(new float[] {7, 7, 7}, small.hostArray());
    }
  }

  @Test
  void optimizerStepsOverUndersizedTensorsNameThemAndChangeNoParameter() {
    try (CpuDevice device = new CpuDevice(1)) {
      int count = 4;
      Tensor p = filled(device, count, 1f);
      Tensor g = filled(device, count, 0.5f);
      Tensor shortTensor = filled(device, count - 1, 0f);
      Tensor state = filled(device, 2 * count, 0f);
      float[] before = p.hostArray().clone();

      assertRangeRefused("parameters", () -> device.sgdUpdate(shortTensor, g, null, count, 0.1f, 0f, false));
      assertRangeRefused("gradients", () -> device.sgdUpdate(p, shortTensor, null, count, 0.1f, 0f, false));
      assertRangeRefused("velocity", () -> device.sgdUpdate(p, g, shortTensor, count, 0.1f, 0.9f, false));

      assertRangeRefused("parameters", () -> device.rmsPropUpdate(shortTensor, g, state, count, 0.1f, 0.99f, 1e-8f, 0f));
      assertRangeRefused("gradients", () -> device.rmsPropUpdate(p, shortTensor, state, count, 0.1f, 0.99f, 1e-8f, 0f));
      // With momentum RMSprop keeps the squares and the velocity: 2 * count floats.
      Tensor squaresOnly = filled(device, count, 0f);
      assertRangeRefused("state", () -> device.rmsPropUpdate(p, g, squaresOnly, count, 0.1f, 0.99f, 1e-8f, 0.9f));

      Tensor almostTwice = filled(device, 2 * count - 1, 0f);
      assertRangeRefused("parameters", () -> device.adamUpdate(shortTensor, g, state, count, 0.1f, 0.9f, 0.999f, 1e-8f, 1));
      assertRangeRefused("gradients", () -> device.adamUpdate(p, shortTensor, state, count, 0.1f, 0.9f, 0.999f, 1e-8f, 1));
      assertRangeRefused("state", () -> device.adamUpdate(p, g, almostTwice, count, 0.1f, 0.9f, 0.999f, 1e-8f, 1));

      assertArrayEquals(before, p.hostArray(), "a refused step changed the parameters");
      assertArrayEquals(new float[2 * count], state.hostArray(), "a refused step changed the state");
    }
  }

  @Test
  void aClosedDeviceRefusesNewViewsAndScopes() {
    CpuDevice device = new CpuDevice(1);
    Tensor t = device.allocate(2);
    device.close();
    IllegalStateException view = assertThrows(IllegalStateException.class, () -> device.hostView(new float[2]));
    assertEquals("the CPU device was closed", view.getMessage());
    IllegalStateException scope = assertThrows(IllegalStateException.class, () -> device.readOnly(t));
    assertEquals("the CPU device was closed", scope.getMessage());
  }

  @Test
  void closingTheReadOnlyScopeMakesTheTensorWritableAgain() {
    try (CpuDevice device = new CpuDevice(1)) {
      Tensor t = filled(device, 2, 0f);
      ReadOnlyScope scope = device.readOnly(t);
      assertThrows(IllegalStateException.class, () -> device.fill(t, 0, 2, 1f));
      scope.close();
      device.fill(t, 0, 2, 3f);
      assertArrayEquals(new float[] {3, 3}, t.hostArray());
    }
  }

  @Test
  void threadCountFollowsTheSystemPropertyAndRefusesWhatIsNotPositive() {
    String saved = System.getProperty("hypercolumn.threads");
    try {
      System.clearProperty("hypercolumn.threads");
      assertEquals(Runtime.getRuntime().availableProcessors(), CpuDevice.defaultThreads());
      System.setProperty("hypercolumn.threads", "  ");
      assertEquals(Runtime.getRuntime().availableProcessors(), CpuDevice.defaultThreads());
      System.setProperty("hypercolumn.threads", " 1 ");
      assertEquals(1, CpuDevice.defaultThreads());
      System.setProperty("hypercolumn.threads", "5");
      assertEquals(5, CpuDevice.defaultThreads());
      for (String bad : new String[] {"0", "-2", "two"}) {
        System.setProperty("hypercolumn.threads", bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CpuDevice::defaultThreads, bad);
        assertTrue(e.getMessage().endsWith("found '" + bad + "'"), e.getMessage());
      }
    } finally {
      if (saved == null) {
        System.clearProperty("hypercolumn.threads");
      } else {
        System.setProperty("hypercolumn.threads", saved);
      }
    }
    try (CpuDevice three = new CpuDevice(3)) {
      assertEquals(3, three.threads());
    }
  }

  @Test
  void softmaxCrossEntropyWritesTheMeanLossIntoTheResultTensor() {
    try (CpuDevice device = new CpuDevice(1)) {
      float[] logits = {1, 2, 3, 0, 0, 0};
      float[] labels = {2, 0};
      // Row 0: log(e^1 + e^2 + e^3) - 3; row 1: log(3) - 0.
      double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
      double row1 = Math.log(3);
      Tensor result = filled(device, 3, Float.NaN);
      Tensor gradient = device.allocate(6);
      device.softmaxCrossEntropy(device.hostView(logits), 0, device.hostView(labels), 0, 2, 3,
          false, gradient, 0, result, 1);
      Tolerance.assertWithin("mean cross-entropy", new double[] {(row0 + row1) / 2},
          new float[] {result.hostArray()[1]}, 1e-6);
      assertTrue(Float.isNaN(result.hostArray()[0]) && Float.isNaN(result.hostArray()[2]),
          "only the result slot is written");
      // d/dlogit of the mean: (softmax - onehot) / rows; row 1 is uniform, label 0.
      Tolerance.assertWithin("gradient of row 1", new double[] {(1.0 / 3 - 1) / 2, 1.0 / 6, 1.0 / 6},
          new float[] {gradient.hostArray()[3], gradient.hostArray()[4], gradient.hostArray()[5]}, 1e-6);

      // Probabilities in place of logits: the loss is the mean of -log p[label].
      float[] probabilities = {0.25f, 0.25f, 0.5f, 0.8f, 0.1f, 0.1f};
      device.softmaxCrossEntropy(device.hostView(probabilities), 0, device.hostView(labels), 0, 2, 3,
          true, null, 0, result, 0);
      Tolerance.assertWithin("mean -log p", new double[] {-(Math.log(0.5) + Math.log(0.8)) / 2},
          new float[] {result.hostArray()[0]}, 1e-6);
      assertRangeRefused("result", () -> device.softmaxCrossEntropy(device.hostView(logits), 0,
          device.hostView(labels), 0, 2, 3, false, null, 0, result, 3));
    }
  }

  @Test
  void softmaxBackwardSplitOverThreadsIsTheFormulaOnEveryRow() {
    // 64 x 100 is past the size a product is split at, so both threads take rows.
    int rows = 64;
    int columns = 100;
    java.util.Random random = new java.util.Random(11);
    float[] y = new float[rows * columns];
    float[] dy = new float[rows * columns];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextFloat() / columns;
      dy[i] = random.nextFloat() * 2 - 1;
    }
    double[] expected = new double[y.length];
    for (int r = 0; r < rows; r++) { // dx = y * (dy - sum_j dy_j y_j)
      double dot = 0;
      for (int j = 0; j < columns; j++) {
        dot += (double) dy[r * columns + j] * y[r * columns + j];
      }
      for (int j = 0; j < columns; j++) {
        expected[r * columns + j] = y[r * columns + j] * (dy[r * columns + j] - dot);
      }
    }
    try (CpuDevice device = new CpuDevice(2)) {
      Tensor dx = filled(device, rows * columns, Float.NaN);
      device.softmaxBackward(device.hostView(y), 0, device.hostView(dy), 0, dx, 0, rows, columns);
      Tolerance.assertWithin("softmax backward", expected, dx.hostArray(), 1e-6);
    }
  }
}
