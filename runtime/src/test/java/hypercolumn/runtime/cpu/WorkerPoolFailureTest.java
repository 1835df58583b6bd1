package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A block that throws on a worker thread: the caller of {@code run} gets that very exception,
 * not a wrapper, whichever thread ran the block, and the pool runs the next job normally.
 */
class WorkerPoolFailureTest {
  private static final class FailingJob extends WorkerPool.Job {
    final RuntimeException failure = new IllegalArgumentException("block 3 refused");
    final Error error = new AssertionError("block 3 broke");
    boolean throwError;

    @Override
    void run(int block, int thread) {
      if (block == 3) {
        if (throwError) {
          throw error;
        }
        throw failure;
      }
    }
  }

  @Test
  void aBlocksExceptionReachesTheCallerUnwrapped() {
    try (WorkerPool pool = new WorkerPool(3)) {
      FailingJob job = new FailingJob();
      for (int round = 0; round < 20; round++) {
        assertSame(job.failure, assertThrows(IllegalArgumentException.class, () -> pool.run(job, 8)));
      }
      job.throwError = true;
      assertSame(job.error, assertThrows(AssertionError.class, () -> pool.run(job, 8)));
      job.throwError = false;
      assertSame(job.failure, assertThrows(IllegalArgumentException.class, () -> pool.run(job, 8)));
    }
  }
}
