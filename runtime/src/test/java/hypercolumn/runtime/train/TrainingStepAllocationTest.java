package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.Parameter;
import hypercolumn.testing.AllocatedBytes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A steady-state training step allocates nothing on the calling thread or on the CPU device's
 * worker threads (the counter is first shown to see an allocation made on a worker).
 */
class TrainingStepAllocationTest {

  @Test
  void aSteadyStateTrainingStepAllocatesNothing() {
    assertSteadyStateStepAllocatesNothing(false);
  }

  /**
   * The same with part of the buffer frozen inside the optimizer's pass, so each step also
   * zeroes the frozen gradients: the model's 650 floats described as a frozen front (the first
   * five rows of fc.weight) and a trained rest.
   */
  @Test
  void aSteadyStateStepWithAFrozenRangeAllocatesNothing() {
    assertSteadyStateStepAllocatesNothing(true);
  }

  private static void assertSteadyStateStepAllocatesNothing(boolean frozenFront) {
    int n = 256;
    int features = 64;
    float[] x = new float[n * features];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * Rng.uniform(9, i) - 1;
    }
    for (int i = 0; i < n; i++) {
      y[i] = i % 10;
    }
    Dataset data = Dataset.of(x, new int[] {features}, y, 1);
    try (Device device = new CpuDevice(2)) {
      AllocatedBytes allocations = AllocatedBytes.ofCallerAndWorkers();
      assumeTrue(allocations != null, "no allocation counter on this JVM");
      allocations.assertSeesAnAllocationOnAWorker(device);
      LinearModel model = new LinearModel("Softmax", device, Loss.SOFTMAX_CROSS_ENTROPY, features, 10);
      model.initialize(1);
      Optimizer adam = Adam.lr(1e-3f);
      adam.attach(device, model.parameterCount());
      Regularization penalty = Regularization.l1l2(1e-4f, 1e-4f);
      StepRunner runner = frozenFront
          ? new StepRunner(model, 32, penalty, TrainedRanges.of(List.of(
              new Parameter("front.weight", new int[] {5, features}, 0, true),
              new Parameter("rest.weight", new int[] {5, features}, 5 * features, true),
              new Parameter("rest.bias", new int[] {10}, 10 * features, false)), Set.of("front")))
          : Trainer.of(model).batchSize(32).regularization(penalty).runner();
      int[] order = data.permutation(3);
      for (int step = 0; step < 500; step++) { // warm-up: class loading, JIT
        runner.trainStep(data, order, (step % 8) * 32, 32, step, adam);
      }
      // A step that allocates shows in every window; a one-off JIT event (code the Vector API
      // runs boxed until C2 compiles it, a deoptimization) shows in one only.
      long allocated = Long.MAX_VALUE;
      float sum = 0;
      for (int window = 0; window < 5 && allocated != 0; window++) {
        long before = allocations.total();
        for (int step = 0; step < 16; step++) {
          sum += runner.trainStep(data, order, (step % 8) * 32, 32, step, adam);
        }
        allocated = allocations.total() - before;
      }
      assertEquals(0, allocated, "bytes allocated on the caller and " + allocations.workerCount()
          + " worker threads by 16 steady-state steps (loss sum " + sum + ")");
    }
  }
}
