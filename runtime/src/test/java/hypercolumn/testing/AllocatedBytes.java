package hypercolumn.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes allocated on the calling thread and on the CPU device's worker threads (the threads
 * named {@code hypercolumn-cpu-N}), so that an allocation-free claim covers the work a device
 * hands to its workers, not only the caller's share of it.
 *
 * <p>The workers are the ones alive when {@link #ofCallerAndWorkers} is called: make the device
 * first. Workers of other devices still open are counted too; idle, they allocate nothing.
 * Reading the counters allocates nothing (one thread id at a time, no result array), so a
 * window that allocates nothing reads 0.
 */
public final class AllocatedBytes {
  private static final String WORKER_PREFIX = "hypercolumn-cpu-";

  private final com.sun.management.ThreadMXBean threads;
  private final long caller;
  private final long[] workers;

  private AllocatedBytes(com.sun.management.ThreadMXBean threads, long caller, long[] workers) {
    this.threads = threads;
    this.caller = caller;
    this.workers = workers;
  }

  /** The calling thread and every worker thread alive now; null where the JVM cannot count. */
  public static AllocatedBytes ofCallerAndWorkers() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
        || !bean.isThreadAllocatedMemorySupported()) {
      return null;
    }
    bean.setThreadAllocatedMemoryEnabled(true);
    List<Long> ids = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(WORKER_PREFIX) && thread.isAlive()) {
        ids.add(thread.getId());
      }
    }
    long[] workers = ids.stream().mapToLong(Long::longValue).toArray();
    return new AllocatedBytes(bean, Thread.currentThread().getId(), workers);
  }

  /** How many worker threads are counted. */
  public int workerCount() {
    return workers.length;
  }

  /** Bytes allocated so far by the worker threads. */
  public long workers() {
    long sum = 0;
    for (long id : workers) {
      long bytes = threads.getThreadAllocatedBytes(id);
      if (bytes > 0) { // -1 once a worker ended
        sum += bytes;
      }
    }
    return sum;
  }

  /** Bytes allocated so far by the calling thread and the worker threads. */
  public long total() {
    return threads.getThreadAllocatedBytes(caller) + workers();
  }

  /**
   * Checks that this counter sees an allocation made on purpose on a worker thread of {@code
   * device}: a kernel whose blocks on a worker each allocate 1 MiB, while the caller's blocks
   * wait until a worker has run one. Without this, a counter that missed the workers would
   * report a clean window of any work at all.
   */
  public void assertSeesAnAllocationOnAWorker(Device device) {
    assertTrue(workers.length > 0, "no thread named " + WORKER_PREFIX + "N is alive");
    AllocatingOnWorkers kernel = new AllocatingOnWorkers(Thread.currentThread());
    Tensor tensor = device.allocate(AllocatingOnWorkers.ROWS * AllocatingOnWorkers.COLUMNS);
    long before = workers();
    device.launch(kernel, AllocatingOnWorkers.ROWS, new Tensor[] {tensor}, new int[] {0},
        new float[0], 0L);
    long seen = workers() - before;
    assertTrue(kernel.workerBlocks > 0, "no block of the kernel ran on a worker thread");
    assertTrue(seen >= kernel.workerBlocks * (long) AllocatingOnWorkers.BYTES, "the counter saw "
        + seen + " bytes on the workers where " + kernel.workerBlocks + " blocks allocated "
        + AllocatingOnWorkers.BYTES + " bytes each");
  }

  /** Allocates {@link #BYTES} in every block run off the caller; the caller waits for one. */
  private static final class AllocatingOnWorkers extends FusedKernel {
    /** Enough elements for the CPU device to split the rows over its threads. */
    static final int ROWS = 64;
    static final int COLUMNS = 1024;
    static final int BYTES = 1 << 20;
    static volatile byte[] sink;

    private final Thread caller;
    volatile int workerBlocks;

    AllocatingOnWorkers(Thread caller) {
      super("allocating_on_workers_kernel", COLUMNS);
      this.caller = caller;
    }

    @Override
    public void runOnHost(int fromRow, int toRow, Tensor[] tensors, int[] offsets, float[] scalars,
        long rngKey) {
      if (Thread.currentThread() != caller) {
        sink = new byte[BYTES];
        synchronized (this) {
          workerBlocks++;
        }
        return;
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (workerBlocks == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
  }
}
