package hypercolumn.runtime.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Host-to-device copies that run beside the computation, so the next batch travels while the GPU
 * still works on the current step. Each piece goes host array, page-locked buffer, device staging
 * buffer (on a copy stream of its own), and then target (a device-to-device copy on the compute
 * stream, after the computation queued before it, so no step sees its input change under it).
 * Events keep a ring of staging buffers from being overwritten before their copies ran.
 */
final class OverlappedUploads {
  private static final int BUFFERS = 3;
  /** Largest piece staged at once; bigger uploads go in pieces. */
  private static final int PIECE_FLOATS = 4 << 20;

  private final CUstream compute;
  private final CUstream copy = new CUstream();
  private final Entry[] ring = new Entry[BUFFERS];
  private int next;

  OverlappedUploads(CUstream compute) {
    this.compute = compute;
    JCudaDriver.cuStreamCreate(copy, jcuda.driver.CUstream_flags.CU_STREAM_NON_BLOCKING);
    for (int i = 0; i < BUFFERS; i++) {
      ring[i] = new Entry();
    }
  }

  /** Queues the copy of {@code count} floats of {@code source} to {@code target}. */
  void upload(float[] source, int sourceOffset, DevicePointer target, int count) {
    for (int done = 0; done < count; done += PIECE_FLOATS) {
      int piece = Math.min(PIECE_FLOATS, count - done);
      long bytes = 4L * piece;
      Entry entry = ring[next];
      next = (next + 1) % BUFFERS;
      entry.pinned.prepare(bytes);
      entry.reserveStaging(bytes);
      entry.pinned.bytes.asFloatBuffer().put(source, sourceOffset + done, piece);
      JCudaDriver.cuStreamWaitEvent(copy, entry.consumed, 0);
      JCudaDriver.cuMemcpyHtoDAsync(entry.staging, entry.pinned.host, bytes, copy);
      JCudaDriver.cuEventRecord(entry.pinned.copied, copy);
      JCudaDriver.cuStreamWaitEvent(compute, entry.pinned.copied, 0);
      JCudaDriver.cuMemcpyDtoDAsync(target.withByteOffset(4L * done), entry.staging, bytes, compute);
      JCudaDriver.cuEventRecord(entry.consumed, compute);
    }
  }

  void close() {
    JCudaDriver.cuStreamSynchronize(copy);
    for (Entry entry : ring) {
      entry.close();
    }
    JCudaDriver.cuStreamDestroy(copy);
  }

  /** A page-locked buffer, the device buffer its copy lands in, and when that was last read. */
  private static final class Entry {
    final PinnedBuffer pinned = new PinnedBuffer();
    final CUevent consumed = new CUevent();
    DevicePointer staging;
    long stagingBytes;

    Entry() {
      JCudaDriver.cuEventCreate(consumed, 0);
    }

    void reserveStaging(long bytes) {
      if (bytes <= stagingBytes) {
        return;
      }
      if (staging != null) {
        JCudaDriver.cuEventSynchronize(consumed);
        JCudaDriver.cuMemFree(staging);
      }
      stagingBytes = Math.max(bytes, Math.min(4L * PIECE_FLOATS, 2 * stagingBytes));
      staging = DevicePointer.allocate(stagingBytes);
    }

    void close() {
      pinned.close();
      if (staging != null) {
        JCudaDriver.cuMemFree(staging);
      }
      JCudaDriver.cuEventDestroy(consumed);
    }
  }
}
