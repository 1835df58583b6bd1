package hypercolumn.runtime.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Small host-to-device copies queued on the device's stream through page-locked staging buffers,
 * so they wait for nothing: the values a running kernel reads from a slot and a step's changing
 * values. A ring of buffers lets the host stage the next copy while the GPU works on the last.
 * (Batches take {@link OverlappedUploads}, which runs beside the computation.)
 */
final class PinnedUploads {
  private static final int BUFFERS = 4;

  private final CUstream stream;
  private final PinnedBuffer[] ring = new PinnedBuffer[BUFFERS];
  private final long[] one = new long[1];
  private int next;

  PinnedUploads(CUstream stream) {
    this.stream = stream;
    for (int i = 0; i < BUFFERS; i++) {
      ring[i] = new PinnedBuffer();
    }
  }

  /** Queues the copy of one 8-byte value to {@code target}. */
  void uploadLong(long value, CUdeviceptr target) {
    one[0] = value;
    uploadLongs(one, 1, target);
  }

  /** Queues the copy of the first {@code count} values of {@code source} to {@code target}. */
  void uploadLongs(long[] source, int count, CUdeviceptr target) {
    PinnedBuffer staging = ring[next];
    next = (next + 1) % BUFFERS;
    staging.prepare(8L * count);
    staging.bytes.asLongBuffer().put(source, 0, count);
    JCudaDriver.cuMemcpyHtoDAsync(target, staging.host, 8L * count, stream);
    JCudaDriver.cuEventRecord(staging.copied, stream);
  }

  void close() {
    for (PinnedBuffer staging : ring) {
      staging.close();
    }
  }
}
