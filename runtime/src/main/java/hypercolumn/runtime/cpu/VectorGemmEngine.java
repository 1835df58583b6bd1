package hypercolumn.runtime.cpu;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GEMM on the Java Vector API, organised like BLIS/OpenBLAS: op(B) is packed once into
 * panels of {@link VectorMicroKernel#NR} columns per block of {@link #KC} values of k, then tasks
 * (a block of at most {@link #MC} rows of C times a range of panels) run in parallel; each packs
 * its rows of op(A), {@link VectorMicroKernel#MR} rows interleaved, and runs the register-blocked
 * micro-kernel on every (row panel, column panel) pair. A B panel ({@code KC x NR} floats) stays
 * in L1 while all row panels use it, and the packed A block stays in L2.
 *
 * <p>One handoff to the pool per call: the blocks that pack B come first, and a task that starts
 * before the last of them has finished waits for it (blocks are claimed in order, so it only
 * waits for blocks already running). Scratch memory grows to the largest product seen and is
 * then reused: steady-state calls allocate nothing.
 */
final class VectorGemmEngine implements GemmKernel {
  /** Values of k per block: a B panel of KC x 16 floats is 16 KiB, half of L1. */
  static final int KC = 256;

  /** Rows of C in a task at most: a packed A block of MC x KC floats is 96 KiB, in L2. */
  static final int MC = 96;

  /**
   * Tasks per thread wanted, for load balance when another process takes a core; each task
   * packs its rows of A again, so more is not free (1, 2 and 3 measured alike on a loaded 2-core
   * machine).
   */
  static final int TASKS_PER_THREAD = 2;

  private static final int MR = VectorMicroKernel.MR;
  private static final int NR = VectorMicroKernel.NR;

  private final WorkerPool pool;
  /**
   * Products below {@link GemmEngine#PARALLEL_VOLUME} run here: until C2 compiles the
   * micro-kernel, every vector operation allocates, and small networks take many steps before
   * that happens; the plain loops are as fast at such sizes anyway.
   */
  private final GemmEngine small;
  private final float[][] packedA;
  private final float[][] edges;
  private float[] packedB = new float[0];
  private final PackJob packJob = new PackJob();
  private final TaskJob taskJob = new TaskJob();
  private final PackThenComputeJob job = new PackThenComputeJob();
  /** The JIT warm-up to wait for before the first product; null once it has ended. */
  private Thread warmUp;

  VectorGemmEngine(WorkerPool pool) {
    this(pool, true);
  }

  /** With {@code warmUp}, starts (or joins) the JVM's {@link VectorWarmUp}. */
  VectorGemmEngine(WorkerPool pool, boolean warmUp) {
    this.pool = pool;
    this.warmUp = warmUp ? VectorWarmUp.start() : null;
    this.small = new GemmEngine(pool);
    this.packedA = new float[pool.threads()][];
    this.edges = new float[pool.threads()][];
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    long volume = (long) m * n * k;
    if (volume < GemmEngine.PARALLEL_VOLUME || k == 0 || alpha == 0) {
      small.gemm(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
          beta, c, cOffset, ldc);
      return;
    }
    if (warmUp != null) {
      VectorWarmUp.await(warmUp);
      warmUp = null;
    }
    int threads = pool.threads();
    int panels = ceilDiv(n, NR);
    int kBlocks = ceilDiv(k, KC);
    int kc = ceilDiv(k, kBlocks); // even blocks: 784 is 4 x 196, not 3 x 256 + 16
    int rowBlocks = ceilDiv(m, MC);
    int wanted = threads == 1 ? 1 : TASKS_PER_THREAD * threads;
    int columnRanges = Math.max(1, Math.min(panels, ceilDiv(wanted, rowBlocks)));
    long packedSize = (long) k * panels * NR;
    if (packedSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("gemm too large to pack: k=" + k + ", n=" + n);
    }
    if (packedB.length < packedSize) {
      packedB = new float[(int) packedSize];
    }

    PackJob pack = packJob;
    pack.transposeB = transposeB;
    pack.b = b;
    pack.bOffset = bOffset;
    pack.ldb = ldb;
    pack.n = n;
    pack.k = k;
    pack.kc = kc;
    pack.panels = panels;
    pack.packed = packedB;

    TaskJob task = taskJob;
    task.transposeA = transposeA;
    task.m = m;
    task.n = n;
    task.k = k;
    task.kc = kc;
    task.alpha = alpha;
    task.a = a;
    task.aOffset = aOffset;
    task.lda = lda;
    task.beta = beta;
    task.c = c;
    task.cOffset = cOffset;
    task.ldc = ldc;
    task.rowBlocks = rowBlocks;
    task.columnRanges = columnRanges;
    task.panels = panels;
    task.packedB = packedB;
    try {
      job.packBlocks = panels * kBlocks;
      job.packed.set(0);
      pool.run(job, job.packBlocks + rowBlocks * columnRanges, threads);
    } finally {
      pack.b = null;
      task.a = null;
      task.c = null;
    }
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  /** The blocks of {@link #packJob}, then those of {@link #taskJob}. */
  private final class PackThenComputeJob extends WorkerPool.Job {
    final AtomicInteger packed = new AtomicInteger();
    int packBlocks;

    @Override
    void run(int block, int thread) {
      if (block < packBlocks) {
        try {
          packJob.run(block, thread);
        } finally {
          packed.incrementAndGet(); // publishes the panel; counted even if packing failed
        }
        return;
      }
      while (packed.get() < packBlocks) {
        Thread.onSpinWait();
      }
      taskJob.run(block - packBlocks, thread);
    }
  }

  /**
   * Packs one panel of one k block of op(B): {@code NR} columns from {@code panel * NR}, rows
   * {@code [p0, p1)}, at {@code p0 * panels * NR + panel * (p1 - p0) * NR}, column j of row p at
   * {@code (p - p0) * NR + j}; columns past n are zero.
   */
  private static final class PackJob extends WorkerPool.Job {
    boolean transposeB;
    float[] b;
    int bOffset;
    int ldb;
    int n;
    int k;
    int kc;
    int panels;
    float[] packed;

    @Override
    void run(int block, int thread) {
      int panel = block % panels;
      int p0 = (block / panels) * kc;
      int p1 = Math.min(k, p0 + kc);
      int base = p0 * panels * NR + panel * (p1 - p0) * NR;
      VectorPacking.packB(transposeB, b, bOffset, ldb, n, panel * NR, p0, p1, packed, base);
    }
  }

  private final class TaskJob extends WorkerPool.Job {
    boolean transposeA;
    int m;
    int n;
    int k;
    int kc;
    float alpha;
    float[] a;
    int aOffset;
    int lda;
    float beta;
    float[] c;
    int cOffset;
    int ldc;
    int rowBlocks;
    int columnRanges;
    int panels;
    float[] packedB;

    @Override
    void run(int block, int thread) {
      int rowBlock = block / columnRanges;
      int range = block % columnRanges;
      // Row blocks split m evenly in whole micro-panels; column ranges split the panels.
      int rowPanels = ceilDiv(m, MR);
      int i0 = Math.min(m, (int) ((long) rowPanels * rowBlock / rowBlocks) * MR);
      int i1 = Math.min(m, (int) ((long) rowPanels * (rowBlock + 1) / rowBlocks) * MR);
      int panel0 = (int) ((long) panels * range / columnRanges);
      int panel1 = (int) ((long) panels * (range + 1) / columnRanges);
      if (i0 >= i1 || panel0 >= panel1) {
        return;
      }
      int microPanels = ceilDiv(i1 - i0, MR);
      float[] aBlock = packedA[thread];
      int needed = microPanels * MR * kc;
      if (aBlock == null || aBlock.length < needed) {
        aBlock = new float[Math.max(needed, MC * KC)];
        packedA[thread] = aBlock;
      }
      float[] edge = edges[thread];
      if (edge == null) {
        edge = new float[MR * NR];
        edges[thread] = edge;
      }
      for (int p0 = 0; p0 < k; p0 += kc) {
        int p1 = Math.min(k, p0 + kc);
        int depth = p1 - p0;
        VectorPacking.packA(transposeA, a, aOffset, lda, i0, i1, p0, p1, aBlock);
        float blockBeta = p0 == 0 ? beta : 1f;
        int bBase = p0 * panels * NR;
        for (int panel = panel0; panel < panel1; panel++) {
          int j0 = panel * NR;
          int columns = Math.min(NR, n - j0);
          int bIndex = bBase + panel * depth * NR;
          for (int mp = 0; mp < microPanels; mp++) {
            int row = i0 + mp * MR;
            int rows = Math.min(MR, i1 - row);
            VectorMicroKernel.run(depth, aBlock, mp * MR * depth, packedB, bIndex, alpha,
                blockBeta, c, cOffset + row * ldc + j0, ldc, rows, columns, edge);
          }
        }
      }
    }
  }
}
