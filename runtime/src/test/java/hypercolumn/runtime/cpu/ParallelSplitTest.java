package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Tensor;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Large calls split among threads give exactly the single-threaded result. */
class ParallelSplitTest {
  private static final int COUNT = 100_003;

  /** Squares its first tensor into its second, counting the rows each call saw. */
  private static final class Square extends FusedKernel {
    int calls;

    Square(int columns) {
      super("square_kernel", columns);
    }

    @Override
    public void runOnHost(
        int fromRow, int toRow, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey) {
      synchronized (this) {
        calls++;
      }
      float[] x = tensors[0].hostArray();
      float[] y = tensors[1].hostArray();
      for (int i = fromRow * columns(); i < toRow * columns(); i++) {
        y[offsets[1] + i] = x[offsets[0] + i] * x[offsets[0] + i];
      }
    }
  }

  @Test
  void optimizerUpdatesMatchAcrossThreadCounts() {
    compare((device, t) -> device.sgdUpdate(t[0], t[1], t[2], COUNT, 0.1f, 0.9f, true));
    compare((device, t) -> device.sgdUpdate(t[0], t[1], null, COUNT, 0.1f, 0f, false));
    compare((device, t) -> device.rmsPropUpdate(t[0], t[1], t[2], COUNT, 0.1f, 0.9f, 1e-8f, 0.5f));
    compare((device, t) -> device.adamUpdate(t[0], t[1], t[2], COUNT, 0.1f, 0.9f, 0.99f, 1e-8f, 2));
  }

  @Test
  void largeLaunchesAreSplitByRowsAndSmallOnesRunInline() {
    try (CpuDevice device = new CpuDevice(3)) {
      Tensor x = device.allocate(1000 * 100);
      Tensor y = device.allocate(1000 * 100 + 5);
      for (int i = 0; i < x.size(); i++) {
        x.hostArray()[i] = i % 7;
      }
      Square big = new Square(100);
      device.launch(big, 1000, new Tensor[] {x, y}, new int[] {0, 5}, new float[0], 0L);
      for (int i = 0; i < x.size(); i++) {
        assertEquals((i % 7) * (i % 7), y.hostArray()[i + 5]);
      }
      assertEquals(12, big.calls); // four blocks per thread
      Square small = new Square(100);
      device.launch(small, 10, new Tensor[] {x, y}, new int[] {0, 0}, new float[0], 0L);
      assertEquals(1, small.calls);
    }
  }

  @Test
  void anExceptionInAWorkerReachesTheCaller() {
    try (CpuDevice device = new CpuDevice(2)) {
      FusedKernel failing = new FusedKernel("failing_kernel", 1000) {
        @Override
        public void runOnHost(
            int fromRow, int toRow, Tensor[] tensors, int[] offsets, float[] scalars, long key) {
          throw new IllegalStateException("row " + fromRow);
        }
      };
      assertThrows(IllegalStateException.class,
          () -> device.launch(failing, 100, new Tensor[0], new int[0], new float[0], 0L));
      // the device still works afterwards
      Tensor t = device.allocate(4);
      device.fill(t, 0, 4, 3f);
      assertEquals(3f, t.hostArray()[3]);
    }
  }

  private static void compare(BiConsumer<CpuDevice, Tensor[]> update) {
    float[][] results = new float[2][];
    int[] threadCounts = {1, 3};
    for (int r = 0; r < 2; r++) {
      try (CpuDevice device = new CpuDevice(threadCounts[r])) {
        Random random = new Random(9);
        Tensor[] tensors = {device.allocate(COUNT), device.allocate(COUNT),
          device.allocate(2 * COUNT)};
        for (Tensor tensor : tensors) {
          for (int i = 0; i < tensor.size(); i++) {
            tensor.hostArray()[i] = random.nextFloat();
          }
        }
        update.accept(device, tensors);
        update.accept(device, tensors);
        float[] all = new float[4 * COUNT];
        System.arraycopy(tensors[0].hostArray(), 0, all, 0, COUNT);
        System.arraycopy(tensors[2].hostArray(), 0, all, COUNT, 2 * COUNT);
        results[r] = all;
      }
    }
    assertArrayEquals(results[0], results[1]);
  }
}
