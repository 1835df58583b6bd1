package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.Tensor;
import hypercolumn.testing.AllocatedBytes;
import org.junit.jupiter.api.Test;

/**
 * Steady-state convolution and pooling calls allocate nothing on the caller or the device's
 * workers, at the Fashion-MNIST CNN's layer shapes (fewer samples and filters) and at a shape
 * whose batch needs two chunks; the counter is first shown to see an allocation on a worker.
 */
class ConvolutionAllocationTest {

  @Test
  void steadyStateConvolutionAndPoolingAllocateZeroBytes() {
    try (CpuDevice device = new CpuDevice(2)) {
      AllocatedBytes allocations = AllocatedBytes.ofCallerAndWorkers();
      assumeTrue(allocations != null, "this JVM cannot count allocated bytes");
      allocations.assertSeesAnAllocationOnAWorker(device);
      CpuConvolutions convolutions = new CpuConvolutions(device);
      ConvolutionShape first = new ConvolutionShape(4, 1, 28, 28, 32, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1);
      // 800 x 196 floats of column matrix a sample: 14 samples take two chunks
      ConvolutionShape second = new ConvolutionShape(14, 32, 14, 14, 8, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1);
      PoolingShape max = new PoolingShape(PoolingShape.Mode.MAX, 4, 32, 28, 28, 2, 2, 2, 2, 0, 0, 0, 0);
      PoolingShape average =
          new PoolingShape(PoolingShape.Mode.AVERAGE, 14, 8, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1);
      Tensor x = filled(device, 1 << 17, 0.25f);
      Tensor w = filled(device, 1 << 13, 0.125f);
      Tensor b = filled(device, 64, 0.5f);
      Tensor y = device.allocate(1 << 17);
      Tensor dx = device.allocate(1 << 17);
      Tensor dw = device.allocate(1 << 13);
      Tensor db = device.allocate(64);
      ConvolutionShape[] convolutionShapes = {first, second};
      PoolingShape[] poolingShapes = {max, average};
      Runnable calls = () -> {
        for (ConvolutionShape s : convolutionShapes) {
          convolutions.convolutionForward(s, x, 0, w, 0, b, 0, y, 0);
          convolutions.convolutionForward(s, x, 0, w, 0, null, 0, y, 0);
          convolutions.convolutionBackwardData(s, y, 0, w, 0, dx, 0);
          convolutions.convolutionBackwardFilter(s, x, 0, y, 0, 0f, dw, 0);
          convolutions.convolutionBackwardFilter(s, x, 0, y, 0, 1f, dw, 0);
          convolutions.convolutionBackwardBias(s, y, 0, 1f, db, 0);
        }
        for (PoolingShape s : poolingShapes) {
          convolutions.poolingForward(s, x, 0, y, 0);
          convolutions.poolingBackward(s, x, 0, y, 0, y, 0, dx, 0);
        }
      };
      for (int i = 0; i < 200; i++) {
        calls.run(); // warm up: compile, grow the workspaces
      }
      long allocated = Long.MAX_VALUE;
      for (int attempt = 0; attempt < 5 && allocated != 0; attempt++) {
        long before = allocations.total();
        for (int i = 0; i < 10; i++) {
          calls.run();
        }
        allocated = allocations.total() - before;
      }
      assertEquals(0, allocated, "bytes allocated by 10 rounds of steady-state calls on the caller "
          + "and " + allocations.workerCount() + " worker threads");
    }
  }

  private static Tensor filled(CpuDevice device, int size, float value) {
    Tensor tensor = device.allocate(size);
    device.fill(tensor, 0, size, value);
    return tensor;
  }
}
