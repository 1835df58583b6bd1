package hypercolumn.runtime.cuda;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Host-to-device copies through page-locked staging buffers: the host copies a Java array into
 * a staging buffer and queues an asynchronous copy on the device's stream, so an upload never
 * waits for the GPU work before it (a copy from pageable Java memory would). A ring of buffers,
 * each with an event recorded after its copy, lets the next batch be staged while the GPU still
 * works on the last; the host waits only when it comes back to a buffer whose copy has not run.
 */
final class PinnedUploads {
  private static final int BUFFERS = 4;
  /** Largest piece staged at once; bigger uploads go in pieces. */
  private static final int PIECE_FLOATS = 4 << 20;

  private final CUstream stream;
  private final Staging[] ring = new Staging[BUFFERS];
  private int next;

  PinnedUploads(CUstream stream) {
    this.stream = stream;
    for (int i = 0; i < BUFFERS; i++) {
      ring[i] = new Staging();
    }
  }

  /** Queues the copy of {@code count} floats of {@code source} to {@code target}. */
  void upload(float[] source, int sourceOffset, CUdeviceptr target, int count) {
    for (int done = 0; done < count; done += PIECE_FLOATS) {
      int piece = Math.min(PIECE_FLOATS, count - done);
      Staging staging = ring[next];
      next = (next + 1) % BUFFERS;
      staging.waitUntilCopied();
      staging.reserve(piece);
      staging.floats.clear();
      staging.floats.put(source, sourceOffset + done, piece);
      JCudaDriver.cuMemcpyHtoDAsync(target.withByteOffset(4L * done), staging.host, 4L * piece, stream);
      JCudaDriver.cuEventRecord(staging.copied, stream);
    }
  }

  void close() {
    for (Staging staging : ring) {
      staging.close();
    }
  }

  /** One page-locked buffer and the event that marks its last copy done. */
  private static final class Staging {
    final CUevent copied = new CUevent();
    Pointer host;
    FloatBuffer floats;
    int capacity;

    Staging() {
      JCudaDriver.cuEventCreate(copied, 0);
    }

    void waitUntilCopied() {
      JCudaDriver.cuEventSynchronize(copied);
    }

    void reserve(int count) {
      if (count <= capacity) {
        return;
      }
      if (host != null) {
        JCudaDriver.cuMemFreeHost(host);
      }
      capacity = Math.max(count, Math.min(PIECE_FLOATS, 2 * capacity));
      host = new Pointer();
      JCudaDriver.cuMemAllocHost(host, 4L * capacity);
      floats = host.getByteBuffer(0, 4L * capacity).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    void close() {
      if (host != null) {
        JCudaDriver.cuMemFreeHost(host);
        host = null;
      }
      JCudaDriver.cuEventDestroy(copied);
    }
  }
}
