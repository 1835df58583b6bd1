package hypercolumn.runtime.cuda;

import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Device scratch for the sums of the losses and the regularizer: a kernel writes one double term
 * per row or element, then two fixed-shape kernels add them in an order that does not depend on
 * the GPU and write the result as a float to device memory, so a loss is the same number on
 * every run and the host need not wait for it.
 */
final class Reduction {
  private final Kernels kernels;
  private final CUstream stream;
  private final DevicePointer partials;
  private DevicePointer terms;
  private long capacity;

  Reduction(Kernels kernels, CUstream stream) {
    this.kernels = kernels;
    this.stream = stream;
    this.partials = DevicePointer.allocate(8L * Kernels.PARTIAL_SUM_THREADS);
  }

  /** Room for {@code count} terms; the address stays valid until the next call. */
  DevicePointer terms(long count) {
    if (count > capacity) {
      if (capacity > 0) {
        JCudaDriver.cuStreamSynchronize(stream);
        JCudaDriver.cuMemFree(terms);
      }
      capacity = Math.max(count, 2 * capacity);
      terms = DevicePointer.allocate(8L * capacity);
    }
    return terms;
  }

  /**
   * Queues the sum of the first {@code count} terms, divided by {@code divisor}, into the float at
   * {@code result}: {@code (float) (sum / divisor)} in double, or with {@code floatDivision}
   * {@code (float) sum / (float) divisor}.
   */
  void finish(long count, double divisor, boolean floatDivision, DevicePointer result) {
    kernels.launchExactly(kernels.runtime("hc_partial_sums"), Kernels.PARTIAL_SUM_THREADS,
        new KernelArguments().add(count).add(terms).add(partials));
    kernels.launchExactly(kernels.runtime("hc_final_sum"), 1,
        new KernelArguments().add(partials).add(divisor).add(floatDivision ? 1 : 0).add(result));
  }

  void close() {
    if (capacity > 0) {
      JCudaDriver.cuMemFree(terms);
    }
    JCudaDriver.cuMemFree(partials);
  }
}
