package hypercolumn.runtime.cpu;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GEMM on the Java Vector API, organised like BLIS/OpenBLAS. Both operands are packed once
 * per call, in parallel, into shared buffers (op(B) only once for as long as it stays fixed, when
 * the caller says so through {@link #gemmFixedB}): op(B) into panels as wide as the micro-kernel's
 * tile and op(A) into micro-panels as tall as it (the tile {@link MicroKernelChoice} chose: 6 x 16,
 * 4 x 16 or 6 x 32),
 * per block of at most {@link #KC} values of k (by default). Then tasks (a block of at most
 * {@link #MC} rows of C times a range of column panels) run the register-blocked micro-kernel on
 * every (row panel, column panel) pair, each column panel of B once for all the task's row
 * panels.
 *
 * <p>One handoff to the pool per call: the packing blocks come first, and a task that starts
 * before the last of them has finished waits for it (blocks are claimed in order, so it only
 * waits for blocks already running). Scratch memory grows to the largest product seen and is
 * then reused: steady-state calls allocate nothing.
 */
final class VectorGemmEngine implements GemmKernel {
  /**
   * Values of k per block at most, unless the system property {@value #BLOCK_DEPTH_PROPERTY}
   * gives another. Each block costs a pass that reads and writes every tile of C, so fewer are
   * better as long as the packed rows of A a task uses stay in L2 (MC x KC floats is 384 KiB); a
   * B panel (KC x NR floats) then no longer fits in L1 but streams from L2 as fast as the kernel
   * reads it. The README gives the measurements against blocks of 256 values.
   */
  static final int KC = 1024;

  /** The system property that overrides {@link #KC}, for machines with a smaller L2. */
  static final String BLOCK_DEPTH_PROPERTY = "hypercolumn.gemm.kc";

  /** Rows of C in a task at most. */
  static final int MC = 96;

  /** Micro-panels of A per packing block. */
  static final int A_PACK_PANELS = 8;

  /** Tasks per thread wanted, for load balance when another process takes a core. */
  static final int TASKS_PER_THREAD = 2;

  private final WorkerPool pool;
  /**
   * Products below {@link GemmEngine#PARALLEL_VOLUME} run here: until C2 compiles the
   * micro-kernel, every vector operation allocates, and small networks take many steps before
   * that happens; the plain loops are as fast at such sizes anyway.
   */
  private final GemmEngine small;
  /** Each thread's tile of C (mr x nr), between the micro-kernel and its store. */
  private final float[][] tiles;
  private float[] packedA = new float[0];
  private float[] packedB = new float[0];
  /** op(B) packed by {@link #gemmFixedB}, reused until {@link #forgetFixedOperands}. */
  private final PackedOperands fixedB = new PackedOperands();
  private final PackThenComputeJob job = new PackThenComputeJob();
  /** Values of k per block at most: {@link #KC} or the property's value. */
  private final int blockDepth = blockDepth();
  /** The JIT warm-up to wait for before the first product; null once it has ended. */
  private Thread warmUp;
  /** The micro-kernel's tile; {@link #mr} and {@link #nr} are its rows and columns. */
  private final MicroKernelChoice.Tile tileShape = MicroKernelChoice.tile();
  private final int mr = tileShape.rows;
  private final int nr = tileShape.columns;

  VectorGemmEngine(WorkerPool pool) {
    this(pool, true);
  }

  /** With {@code warmUp}, starts (or joins) the JVM's {@link VectorWarmUp}. */
  VectorGemmEngine(WorkerPool pool, boolean warmUp) {
    this.pool = pool;
    this.warmUp = warmUp ? VectorWarmUp.start() : null;
    this.small = new GemmEngine(pool);
    this.tiles = new float[pool.threads()][];
  }

  @Override
  public String name() {
    return "vector";
  }

  /** The micro-kernel's tile this engine runs. */
  MicroKernelChoice.Tile tile() {
    return tileShape;
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    multiply(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c,
        cOffset, ldc, false);
  }

  @Override
  public void gemmFixedB(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    multiply(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c,
        cOffset, ldc, true);
  }

  @Override
  public void forgetFixedOperands() {
    fixedB.clear();
  }

  /** Matrices of B kept packed (for tests). */
  int fixedOperandCount() {
    return fixedB.size();
  }

  /**
   * The product; with {@code bFixed}, op(B) is taken from (or packed once into) {@link #fixedB}
   * instead of being packed into the shared scratch buffer.
   */
  private void multiply(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc, boolean bFixed) {
    long volume = (long) m * n * k;
    if (volume < GemmEngine.PARALLEL_VOLUME || k == 0 || alpha == 0) {
      small.gemm(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
          beta, c, cOffset, ldc);
      return;
    }
    packAndMultiply(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc, bFixed);
  }

  /** The packed product at any size (k > 0, alpha != 0): {@link VectorWarmUp} runs small ones. */
  void packAndMultiply(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc, boolean bFixed) {
    if (warmUp != null) {
      VectorWarmUp.await(warmUp);
      warmUp = null;
    }
    int threads = pool.threads();
    PackThenComputeJob j = job;
    j.panels = ceilDiv(n, nr);
    j.rowPanels = ceilDiv(m, mr);
    int kBlocks = ceilDiv(k, blockDepth);
    j.kc = ceilDiv(k, kBlocks); // even blocks: 2000 is 2 x 1000, not 1024 + 976
    j.rowBlocks = ceilDiv(m, MC);
    int wanted = threads == 1 ? 1 : TASKS_PER_THREAD * threads;
    j.columnRanges = Math.max(1, Math.min(j.panels, ceilDiv(wanted, j.rowBlocks)));
    packedA = grown(packedA, (long) k * j.rowPanels * mr, k, m, n);
    long packedBSize = (long) k * j.panels * nr;
    float[] packedOperandB = bFixed ? fixedB.find(b, bOffset, ldb, transposeB, n, k) : null;
    float[] newlyFixed = null;
    if (packedOperandB != null) {
      j.packBBlocks = 0; // packed by an earlier call
    } else {
      if (bFixed) {
        newlyFixed = new float[packedSize(packedBSize, k, m, n)];
        packedOperandB = newlyFixed;
      } else {
        packedB = grown(packedB, packedBSize, k, m, n);
        packedOperandB = packedB;
      }
      j.packBBlocks = j.panels * kBlocks;
    }
    j.packBlocks = j.packBBlocks + ceilDiv(j.rowPanels, A_PACK_PANELS) * kBlocks;
    j.packed.set(0);
    j.transposeA = transposeA;
    j.transposeB = transposeB;
    j.m = m;
    j.n = n;
    j.k = k;
    j.alpha = alpha;
    j.a = a;
    j.aOffset = aOffset;
    j.lda = lda;
    j.b = b;
    j.bOffset = bOffset;
    j.ldb = ldb;
    j.beta = beta;
    j.c = c;
    j.cOffset = cOffset;
    j.ldc = ldc;
    j.packedA = packedA;
    j.packedB = packedOperandB;
    try {
      pool.run(j, j.packBlocks + j.rowBlocks * j.columnRanges, threads);
      if (newlyFixed != null) {
        fixedB.keep(b, bOffset, ldb, transposeB, n, k, newlyFixed); // complete: nothing threw
      }
    } finally {
      j.a = null;
      j.b = null;
      j.c = null;
      j.packedB = null;
    }
  }

  /** {@link #KC}, or the positive integer that {@value #BLOCK_DEPTH_PROPERTY} gives. */
  static int blockDepth() {
    String property = System.getProperty(BLOCK_DEPTH_PROPERTY);
    if (property == null || property.isBlank()) {
      return KC;
    }
    try {
      int depth = Integer.parseInt(property.trim());
      if (depth >= 1) {
        return depth;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("system property " + BLOCK_DEPTH_PROPERTY
        + " must be a positive integer (values of k per block of the vector GEMM), found '"
        + property + "'");
  }

  private static float[] grown(float[] buffer, long size, int k, int m, int n) {
    int checked = packedSize(size, k, m, n);
    return buffer.length >= checked ? buffer : new float[checked];
  }

  private static int packedSize(long size, int k, int m, int n) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "gemm too large to pack: m=" + m + ", n=" + n + ", k=" + k);
    }
    return (int) size;
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  /**
   * Blocks {@code [0, packBBlocks)} pack one panel of one k block of op(B) each, the next ones
   * up to {@code packBlocks} {@link #A_PACK_PANELS} micro-panels of one k block of op(A), and
   * the rest are the tasks. The k block from {@code p0}, of depth d, starts at {@code p0 * panels
   * * nr} in packed B (panel q at {@code + q * d * nr}) and at {@code p0 * rowPanels * mr} in
   * packed A (micro-panel q at {@code + q * mr * d}).
   */
  private final class PackThenComputeJob extends WorkerPool.Job {
    final AtomicInteger packed = new AtomicInteger();
    int packBBlocks;
    int packBlocks;
    int panels;
    int rowPanels;
    int kc;
    int rowBlocks;
    int columnRanges;
    boolean transposeA;
    boolean transposeB;
    int m;
    int n;
    int k;
    float alpha;
    float[] a;
    int aOffset;
    int lda;
    float[] b;
    int bOffset;
    int ldb;
    float beta;
    float[] c;
    int cOffset;
    int ldc;
    float[] packedA;
    float[] packedB;

    @Override
    void run(int block, int thread) {
      if (block < packBlocks) {
        try {
          pack(block);
        } finally {
          packed.incrementAndGet(); // publishes the block; counted even if packing failed
        }
        return;
      }
      while (packed.get() < packBlocks) {
        Thread.onSpinWait();
      }
      float[] tile = tiles[thread];
      if (tile == null) {
        tile = new float[mr * nr];
        tiles[thread] = tile;
      }
      compute(block - packBlocks, tile);
    }

    private void pack(int block) {
      if (block < packBBlocks) {
        int panel = block % panels;
        int p0 = (block / panels) * kc;
        int p1 = Math.min(k, p0 + kc);
        int to = p0 * panels * nr + panel * (p1 - p0) * nr;
        VectorPacking.packB(nr, transposeB, b, bOffset, ldb, n, panel * nr, p0, p1, packedB, to);
        return;
      }
      int chunks = ceilDiv(rowPanels, A_PACK_PANELS);
      int chunk = (block - packBBlocks) % chunks;
      int p0 = ((block - packBBlocks) / chunks) * kc;
      int p1 = Math.min(k, p0 + kc);
      int firstPanel = chunk * A_PACK_PANELS;
      int i0 = firstPanel * mr;
      int i1 = Math.min(m, i0 + A_PACK_PANELS * mr);
      int to = p0 * rowPanels * mr + firstPanel * mr * (p1 - p0);
      VectorPacking.packA(mr, transposeA, a, aOffset, lda, i0, i1, p0, p1, packedA, to);
    }

    /** One task: its row panels times its column panels, every k block. */
    private void compute(int task, float[] tile) {
      int rowBlock = task / columnRanges;
      int range = task % columnRanges;
      int mp0 = (int) ((long) rowPanels * rowBlock / rowBlocks);
      int mp1 = (int) ((long) rowPanels * (rowBlock + 1) / rowBlocks);
      int panel0 = (int) ((long) panels * range / columnRanges);
      int panel1 = (int) ((long) panels * (range + 1) / columnRanges);
      for (int p0 = 0; p0 < k; p0 += kc) {
        int depth = Math.min(k, p0 + kc) - p0;
        float blockBeta = p0 == 0 ? beta : 1f;
        int aBase = p0 * rowPanels * mr;
        int bBase = p0 * panels * nr;
        for (int panel = panel0; panel < panel1; panel++) {
          int j0 = panel * nr;
          int columns = Math.min(nr, n - j0);
          int bIndex = bBase + panel * depth * nr;
          for (int mp = mp0; mp < mp1; mp++) {
            int row = mp * mr;
            int rows = Math.min(mr, m - row);
            int ci = cOffset + row * ldc + j0;
            // A call site per kernel, rather than one kernel taking its tile's size: each keeps
            // its accumulators in registers only with its sizes constants.
            int aIndex = aBase + mp * mr * depth;
            switch (tileShape) {
              case WIDE -> WideMicroKernel.multiply(depth, packedA, aIndex, packedB, bIndex, tile);
              case SIX_ROWS -> VectorMicroKernel.multiply(depth, packedA, aIndex, packedB, bIndex, tile);
              case FOUR_ROWS -> VectorMicroKernel.multiplyNarrow(depth, packedA, aIndex, packedB, bIndex, tile);
            }
            if (rows == mr && columns == nr) {
              VectorMicroKernel.storeFull(tile, nr, alpha, blockBeta, c, ci, ldc, mr);
            } else {
              VectorMicroKernel.storePartial(tile, nr, alpha, blockBeta, c, ci, ldc, rows, columns);
            }
          }
        }
      }
    }
  }
}
