package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  /** Stamps each block it runs with the round number, after a little work of varying length. */
  private static final class StampJob extends WorkerPool.Job {
    final int[] stamps = new int[16];
    int round;
    long sink;

    @Override
    void run(int block, int thread) {
      long x = round;
      for (int i = 0; i < (block * 37 + round) % 1500; i++) {
        x = x * 31 + i;
      }
      sink += x;
      stamps[block] = round;
    }
  }

  /**
   * Every block has finished when {@code run} returns, even when jobs of different sizes follow
   * each other and the threads are descheduled at odd moments. A worker that read the state of
   * the previous job used to be able to claim a block of the next one and count it twice, so
   * {@code run} returned while a block still ran (seen here after about 100,000 rounds with the
   * cores busy elsewhere). Threads that compete for the cores make such interleavings likely.
   */
  @Test
  void runReturnsOnlyAfterEveryBlockOfItsJobHasRun() throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread[] competitors = new Thread[2];
    for (int i = 0; i < competitors.length; i++) {
      competitors[i] = new Thread(() -> {
        long x = 0;
        while (!stop.get()) {
          x += System.nanoTime();
        }
      });
      competitors[i].setDaemon(true);
      competitors[i].start();
    }
    WorkerPool pool = new WorkerPool(2);
    StampJob job = new StampJob();
    StampJob other = new StampJob();
    try {
      for (int round = 1; round <= 150_000; round++) {
        int blocks = 2 + round % 7;
        job.round = round;
        pool.run(job, blocks);
        for (int block = 0; block < blocks; block++) {
          assertEquals(round, job.stamps[block], "round " + round + ": block " + block + " of " + blocks);
        }
        other.round = round;
        pool.run(other, 3);
        if (round % 97 == 0) {
          Thread.sleep(0, 300_000); // lets the workers park, so wake-ups are exercised too
        }
      }
    } finally {
      stop.set(true);
      pool.close();
      for (Thread competitor : competitors) {
        competitor.join();
      }
    }
  }
}
