package hypercolumn.runtime.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Persistent daemon threads that run the blocks of one {@link Job} at a time, together with the
 * calling thread. Nothing is allocated per call: the job is a reusable object whose fields the
 * caller sets before {@link #run}.
 *
 * <p>Blocks are claimed dynamically, so a thread that the operating system deschedules (the
 * machine may be shared) does not hold the others back. The claim counter and the job's epoch
 * share one {@code long}, {@code epoch << 32 | nextBlock}: a claim is a compare-and-set that
 * fails if a new job started, so a worker that wakes late can never run a block of the wrong job.
 * The caller returns once every block has completed, without waiting for late workers to wake.
 *
 * <p>Idle workers spin briefly (device calls in a training step come back to back), then park;
 * the caller unparks the parked ones when it publishes a job.
 *
 * <p>The workers never keep a JVM alive: they are daemon threads, and a worker that is
 * interrupted ends. Maven's {@code exec:java} interrupts the threads its program left running
 * and waits up to 15 s for each to end; a worker that ignored the interrupt held it that long.
 * A pool that lost workers stays correct, only slower: the caller claims every block that no
 * worker does.
 */
final class WorkerPool implements AutoCloseable {

  /** A parallel loop body over blocks {@code [0, blocks)}. */
  abstract static class Job {
    /**
     * Runs one block on thread {@code thread} of the pool: 0 is the caller, workers count from
     * 1, so per-thread scratch memory can be indexed by it.
     */
    abstract void run(int block, int thread);
  }

  private static final long SPIN_NANOS = 200_000;

  private final Worker[] workers;
  private final AtomicLong state = new AtomicLong();
  private final AtomicInteger completed = new AtomicInteger();
  private Job job;
  private int blocks;
  private volatile Throwable failure;
  private volatile boolean closed;

  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1);
      workers[i].start();
    }
  }

  /** Threads that run a job, the caller included. */
  int threads() {
    return workers.length + 1;
  }

  /**
   * Runs the blocks on the caller alone when {@code threads} is 1 (work too small to repay a
   * handoff), else as {@link #run(Job, int)} does.
   */
  void run(Job job, int blocks, int threads) {
    if (threads == 1) {
      for (int block = 0; block < blocks; block++) {
        job.run(block, 0);
      }
    } else {
      run(job, blocks);
    }
  }

  /** Runs {@code job.run(b)} for every {@code b} in {@code [0, blocks)} and waits for all. */
  void run(Job job, int blocks) {
    if (blocks <= 1 || workers.length == 0) {
      for (int b = 0; b < blocks; b++) {
        job.run(b, 0);
      }
      return;
    }
    if (closed) {
      throw new IllegalStateException("the CPU device was closed");
    }
    // Close the finished epoch before touching the fields: a worker that read the old state
    // could otherwise see the new, larger block count, win its compare-and-set on the old
    // state, run a block of the new job early and add a completion that the new job never
    // counted, so this call would return while a block still ran. No claim succeeds on a
    // closed epoch, whose next block is past any count.
    long epoch = (state.get() >>> 32) + 1;
    state.set(epoch << 32 | Integer.MAX_VALUE);
    this.job = job;
    this.blocks = blocks;
    completed.set(0);
    epoch++;
    state.set(epoch << 32); // publishes job and blocks
    for (Worker worker : workers) {
      if (worker.parked) {
        LockSupport.unpark(worker);
      }
    }
    work(epoch, 0);
    int spins = 0;
    while (completed.get() < blocks) {
      if (++spins < 1 << 16) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    Throwable thrown = failure;
    if (thrown != null) {
      failure = null;
      if (thrown instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(thrown);
    }
  }

  private void work(long epoch, int thread) {
    while (true) {
      long s = state.get();
      if (s >>> 32 != epoch || (int) s >= blocks) {
        return;
      }
      if (state.compareAndSet(s, s + 1)) {
        // The job cannot change before this block completes: the caller waits for it.
        try {
          job.run((int) s, thread);
        } catch (Throwable t) {
          failure = t;
        }
        completed.incrementAndGet();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Worker worker : workers) {
      LockSupport.unpark(worker);
    }
  }

  private final class Worker extends Thread {
    final int index;
    volatile boolean parked;

    Worker(int index) {
      super("hypercolumn-cpu-" + index);
      this.index = index;
      setDaemon(true);
    }

    @Override
    public void run() {
      long seen = 0;
      while (!closed && !isInterrupted()) {
        long epoch = state.get() >>> 32;
        if (epoch != seen) {
          seen = epoch;
          work(epoch, index);
          continue;
        }
        long spinStart = System.nanoTime();
        while (state.get() >>> 32 == seen && !closed && !isInterrupted()) {
          if (System.nanoTime() - spinStart < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (state.get() >>> 32 == seen && !closed) {
              LockSupport.park(this);
            }
            parked = false;
          }
        }
      }
    }
  }
}
