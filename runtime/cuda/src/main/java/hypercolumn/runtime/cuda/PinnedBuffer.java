package hypercolumn.runtime.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

/**
 * A page-locked host buffer that grows on demand, and the event that marks the last copy out of
 * it done, so the host waits only when it comes back to a buffer whose copy has not run.
 */
final class PinnedBuffer {
  final CUevent copied = new CUevent();
  Pointer host;
  ByteBuffer bytes;
  private long capacity;

  PinnedBuffer() {
    JCudaDriver.cuEventCreate(copied, 0);
  }

  /** Waits for the last copy out of the buffer, then makes room for {@code size} bytes. */
  void prepare(long size) {
    JCudaDriver.cuEventSynchronize(copied);
    if (size > capacity) {
      if (host != null) {
        JCudaDriver.cuMemFreeHost(host);
      }
      capacity = Math.max(size, 2 * capacity);
      host = new Pointer();
      JCudaDriver.cuMemAllocHost(host, capacity);
      bytes = host.getByteBuffer(0, capacity).order(ByteOrder.nativeOrder());
    }
    bytes.clear();
  }

  long capacity() {
    return capacity;
  }

  void close() {
    if (host != null) {
      JCudaDriver.cuMemFreeHost(host);
      host = null;
    }
    JCudaDriver.cuEventDestroy(copied);
  }
}
