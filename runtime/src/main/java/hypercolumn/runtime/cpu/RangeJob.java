package hypercolumn.runtime.cpu;

/**
 * A parallel loop over {@code [0, count)} cut into contiguous blocks of at least {@code grain}
 * items. {@link #prepare} sets the range and returns how many blocks to run.
 */
abstract class RangeJob extends WorkerPool.Job {
  /** At most this many blocks, so per-block partial results fit preallocated arrays. */
  static final int MAX_BLOCKS = 64;

  private int count;
  private int blocks;

  /** Sets the range and returns the number of blocks for {@code threads} threads. */
  final int prepare(int count, int grain, int threads) {
    this.count = count;
    long wanted = Math.max(1, count / Math.max(1, grain));
    // A few blocks per thread balance the load when a core is busy with something else.
    blocks = (int) Math.min(Math.min(wanted, threads == 1 ? 1 : 4L * threads), MAX_BLOCKS);
    return blocks;
  }

  @Override
  final void run(int block, int thread) {
    int from = (int) ((long) count * block / blocks);
    int to = (int) ((long) count * (block + 1) / blocks);
    run(block, from, to);
  }

  abstract void run(int block, int from, int to);
}
