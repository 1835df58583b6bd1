package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.testing.AllocatedBytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, a training step allocates nothing on the calling thread or on the device's
 * worker threads: the model's buffers, the optimizer's state and the device's work queues are
 * all allocated up front. With workers, the counter is first shown to see an allocation made on
 * a worker on purpose.
 */
class AllocationTest {
  private static final int WARM_UP_STEPS = 3000;
  private static final int MEASURED_STEPS = 200;
  private static final int WINDOWS = 5;

  @Test
  void trainingStepAllocatesNothingAfterWarmUpOnOneThread() {
    assertStepAllocatesNothing(1, DropoutMlpNet::new, 16, WARM_UP_STEPS, MEASURED_STEPS);
  }

  @Test
  void trainingStepAllocatesNothingAfterWarmUpWithWorkerThreads() {
    assertStepAllocatesNothing(2, DropoutMlpNet::new, 16, WARM_UP_STEPS, MEASURED_STEPS);
  }

  @Test
  void convolutionalTrainingStepAllocatesNothingAfterWarmUp() {
    assertStepAllocatesNothing(1, ConvSameMaxCeNet::new, 8, WARM_UP_STEPS, MEASURED_STEPS);
    assertStepAllocatesNothing(2, ConvSameMaxCeNet::new, 8, WARM_UP_STEPS, MEASURED_STEPS);
  }

  /** Batch norm on images: its column sums, channel-sum kernels and running statistics included. */
  @Test
  void convolutionalBatchNormTrainingStepAllocatesNothingAfterWarmUp() {
    assertStepAllocatesNothing(1, ConvBatchNormReluNet::new, 8, WARM_UP_STEPS, MEASURED_STEPS);
    assertStepAllocatesNothing(2, ConvBatchNormReluNet::new, 8, WARM_UP_STEPS, MEASURED_STEPS);
  }

  /** The Fashion-MNIST network: few steps, as each costs about a GFLOP. */
  @Test
  void fashionCnnTrainingStepAllocatesNothingInSteadyState() {
    assertStepAllocatesNothing(2, FashionCnnNet::new, 4, 40, 2);
  }

  private static void assertStepAllocatesNothing(int threads,
      java.util.function.Function<hypercolumn.runtime.Device, Model> network, int batch, int warmUpSteps,
      int measuredSteps) {
    try (CpuDevice device = new CpuDevice(threads)) {
      AllocatedBytes allocations = AllocatedBytes.ofCallerAndWorkers();
      assumeTrue(allocations != null, "this JVM cannot count allocated bytes");
      if (threads > 1) {
        allocations.assertSeesAnAllocationOnAWorker(device);
      }
      Model model = network.apply(device);
      model.initialize(1L);
      RandomBatch data = RandomBatch.of(model, batch, 1L);
      model.reserve(batch);
      Optimizer optimizer = Adam.lr(1e-3f);
      optimizer.attach(device, model.parameterCount());
      Runnable step = () -> {
        model.setInput(data.x(), 0, batch);
        model.setLabels(data.y(), 0, batch);
        model.forward(batch, true, 17L);
        model.lossAndGradient(batch);
        model.backward(batch);
        optimizer.step(model.parameterBuffer(), model.gradientBuffer());
      };
      for (int i = 0; i < warmUpSteps; i++) {
        step.run();
      }
      // A step that allocates shows in every window. A one-off JIT event (a deoptimization
      // that materializes scalar-replaced objects, a recompilation) shows in one window only and
      // is not the training step's doing, so one clean window of the few measured is enough.
      long overhead = allocatedDuring(allocations, () -> {});
      long[] windows = new long[WINDOWS];
      for (int w = 0; w < WINDOWS; w++) {
        windows[w] = allocatedDuring(allocations, () -> {
          for (int i = 0; i < measuredSteps; i++) {
            step.run();
          }
        }) - overhead;
        if (windows[w] == 0) {
          return;
        }
      }
      assertEquals(0, Arrays.stream(windows).min().getAsLong(),
          () -> "bytes allocated by each of " + WINDOWS + " windows of " + measuredSteps
              + " training steps of " + model.name() + " on " + device.describe() + " (the caller and "
              + allocations.workerCount() + " worker threads): " + Arrays.toString(windows));
    }
  }

  private static long allocatedDuring(AllocatedBytes allocations, Runnable work) {
    long before = allocations.total();
    work.run();
    return allocations.total() - before;
  }
}
