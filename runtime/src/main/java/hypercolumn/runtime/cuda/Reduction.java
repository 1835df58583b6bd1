package hypercolumn.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Device scratch for the sums of the losses and the regularizer: a kernel writes one double term
 * per row or element, then two fixed-shape kernels add them in an order that does not depend on
 * the GPU, so a loss is the same number on every run.
 */
final class Reduction {
  private final Kernels kernels;
  private final CUstream stream;
  private final CUdeviceptr partials = new CUdeviceptr();
  private final CUdeviceptr result = new CUdeviceptr();
  private final double[] host = new double[1];
  private CUdeviceptr terms = new CUdeviceptr();
  private long capacity;

  Reduction(Kernels kernels, CUstream stream) {
    this.kernels = kernels;
    this.stream = stream;
    JCudaDriver.cuMemAlloc(partials, 8L * Kernels.PARTIAL_SUM_THREADS);
    JCudaDriver.cuMemAlloc(result, 8L);
  }

  /** Room for {@code count} terms; the address stays valid until the next call. */
  CUdeviceptr terms(long count) {
    if (count > capacity) {
      if (capacity > 0) {
        JCudaDriver.cuStreamSynchronize(stream);
        JCudaDriver.cuMemFree(terms);
      }
      terms = new CUdeviceptr();
      capacity = Math.max(count, 2 * capacity);
      JCudaDriver.cuMemAlloc(terms, 8L * capacity);
    }
    return terms;
  }

  /** The sum of the first {@code count} terms, waiting for the work before it. */
  double sum(long count) {
    kernels.launchExactly(kernels.runtime("hc_partial_sums"), Kernels.PARTIAL_SUM_THREADS,
        new KernelArguments().add(count).add(terms).add(partials));
    kernels.launchExactly(kernels.runtime("hc_final_sum"), 1,
        new KernelArguments().add(partials).add(result));
    JCudaDriver.cuStreamSynchronize(stream);
    JCudaDriver.cuMemcpyDtoH(Pointer.to(host), result, 8L);
    return host[0];
  }

  void close() {
    if (capacity > 0) {
      JCudaDriver.cuMemFree(terms);
    }
    JCudaDriver.cuMemFree(partials);
    JCudaDriver.cuMemFree(result);
  }
}
