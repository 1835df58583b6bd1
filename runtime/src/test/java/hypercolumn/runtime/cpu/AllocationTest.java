package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Tensor;
import hypercolumn.testing.AllocatedBytes;
import org.junit.jupiter.api.Test;

/**
 * Steady-state device calls allocate nothing, small or large, on the calling thread or on the
 * device's worker threads (the counter is first shown to see an allocation made on a worker).
 */
class AllocationTest {

  /** Adds 1 to every element of its first tensor. */
  private static final class AddOne extends FusedKernel {
    AddOne(int columns) {
      super("add_one_kernel", columns);
    }

    @Override
    public void runOnHost(
        int fromRow, int toRow, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey) {
      float[] x = tensors[0].hostArray();
      for (int i = offsets[0] + fromRow * columns(); i < offsets[0] + toRow * columns(); i++) {
        x[i] += scalars[0];
      }
    }
  }

  @Test
  void steadyStateCallsAllocateZeroBytes() {
    try (CpuDevice device = new CpuDevice(2)) {
      AllocatedBytes allocations = AllocatedBytes.ofCallerAndWorkers();
      assumeTrue(allocations != null, "this JVM cannot count allocated bytes");
      allocations.assertSeesAnAllocationOnAWorker(device);
      int big = 256 * 784;
      Tensor a = device.allocate(big);
      Tensor b = device.allocate(big);
      Tensor c = device.allocate(big);
      Tensor state = device.allocate(2 * big);
      Tensor labels = device.allocate(128);
      float[] host = new float[big];
      FusedKernel kernel = new AddOne(784);
      Tensor[] tensors = {c};
      int[] offsets = {0};
      float[] scalars = {1e-6f};
      Runnable calls = () -> {
        device.gemm(false, true, 128, 256, 784, 1f, a, 0, 784, b, 0, 784, 0f, c, 0, 256);
        device.gemm(true, false, 256, 784, 128, 1f, a, 0, 256, b, 0, 784, 0f, c, 0, 784);
        device.gemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        device.gemm(false, false, 40, 40, 40, 1f, a, 0, 40, b, 0, 40, 0f, c, 0, 40);
        device.launch(kernel, 256, tensors, offsets, scalars, 1L);
        device.launch(kernel, 2, tensors, offsets, scalars, 1L);
        device.softmax(a, 0, c, 0, 128, 784);
        device.softmaxBackward(c, 0, b, 0, c, 0, 128, 784);
        device.softmaxCrossEntropy(a, 0, labels, 0, 128, 10, false, c, 0);
        device.binaryCrossEntropyWithLogits(a, 0, b, 0, 1000, c, 0);
        device.meanSquaredError(a, 0, b, 0, 1000, c, 0);
        device.perceptronCriterion(a, 0, b, 0, 10, 10, c, 0);
        device.regularize(a, c, 0, big, 1e-6f, 1e-6f);
        device.sumRows(c, 0, 128, 784, 0f, b, 0);
        device.sgdUpdate(a, c, state, big, 1e-6f, 0.9f, true);
        device.sgdUpdate(a, c, null, 10, 1e-6f, 0f, false);
        device.rmsPropUpdate(a, c, state, big, 1e-6f, 0.99f, 1e-8f, 0.5f);
        device.adamUpdate(a, c, state, big, 1e-6f, 0.9f, 0.999f, 1e-8f, 3);
        device.fill(b, 0, 10, 0.5f);
        device.copy(a, 0, b, 10, 10);
        device.upload(host, 0, a, 0, 10);
        device.download(a, 0, host, 0, 10);
      };
      for (int i = 0; i < 200; i++) {
        calls.run(); // warm up: compile, grow scratch memory
      }
      long allocated = Long.MAX_VALUE;
      for (int attempt = 0; attempt < 5 && allocated != 0; attempt++) {
        long before = allocations.total();
        for (int i = 0; i < 20; i++) {
          calls.run();
        }
        allocated = allocations.total() - before;
      }
      assertEquals(0, allocated, "bytes allocated by 20 rounds of steady-state calls on the caller and "
          + allocations.workerCount() + " worker threads");
    }
  }
}
