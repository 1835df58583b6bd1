package hypercolumn.runtime.cpu;

/**
 * Runs a GEMM on the pool in two parallel phases (see {@link Gemm} for the loops): pack op(B)
 * once into shared rows, then compute tiles of C, a range of rows of one column tile each. Since
 * a tile packs nothing, tiles can be small, and several per thread balance the load when another
 * process takes a core. Products too small to repay packing run unpacked, and products too small
 * to repay a handoff run on the caller alone.
 *
 * <p>Scratch memory (packed rows, one accumulator block per thread) grows to the largest product
 * seen and is then reused, so steady-state calls allocate nothing.
 */
final class GemmEngine implements GemmKernel {
  /** Up to this {@code m * n * k} the unpacked loops are faster. */
  static final long PACKING_VOLUME = 16 * 16 * 16;

  /** Below this {@code m * n * k} one thread does all the work. */
  static final long PARALLEL_VOLUME = 48 * 48 * 48;

  /** Rows of C in a tile at most: the size of each thread's accumulator block. */
  static final int TILE_ROWS = 128;

  /** Rows of C in a tile at least, so each packed row is reused enough. */
  static final int MIN_TILE_ROWS = 16;

  /** Tiles per thread wanted, for load balance. */
  static final int TILES_PER_THREAD = 4;

  /** Values of k a packing block covers. */
  static final int PACK_DEPTH = 64;

  private final WorkerPool pool;
  private final float[][][] accumulators;
  private float[][] packed = new float[0][];
  private final PackJob packJob = new PackJob();
  private final TileJob tileJob = new TileJob();

  GemmEngine(WorkerPool pool) {
    this.pool = pool;
    this.accumulators = new float[pool.threads()][][];
  }

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    long volume = (long) m * n * k;
    if (volume <= PACKING_VOLUME || k == 0 || alpha == 0) {
      Gemm.small(transposeA, transposeB, 0, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
          beta, c, cOffset, ldc);
      return;
    }
    int threads = volume < PARALLEL_VOLUME ? 1 : pool.threads();
    int columnTiles = ceilDiv(n, Gemm.PANEL_WIDTH);
    int rowTiles = ceilDiv(m, TILE_ROWS);
    int wanted = threads == 1 ? 1 : TILES_PER_THREAD * threads;
    if (rowTiles * columnTiles < wanted) {
      rowTiles = Math.max(rowTiles,
          Math.min(ceilDiv(wanted, columnTiles), Math.max(1, m / MIN_TILE_ROWS)));
    }
    float[][] rows = packedRows(k * columnTiles);

    PackJob pack = packJob;
    pack.transposeB = transposeB;
    pack.b = b;
    pack.bOffset = bOffset;
    pack.ldb = ldb;
    pack.n = n;
    pack.k = k;
    pack.columnTiles = columnTiles;
    pack.depthBlocks = ceilDiv(k, PACK_DEPTH);
    pack.packed = rows;

    TileJob tiles = tileJob;
    tiles.transposeA = transposeA;
    tiles.m = m;
    tiles.n = n;
    tiles.k = k;
    tiles.alpha = alpha;
    tiles.a = a;
    tiles.aOffset = aOffset;
    tiles.lda = lda;
    tiles.beta = beta;
    tiles.c = c;
    tiles.cOffset = cOffset;
    tiles.ldc = ldc;
    tiles.rowTiles = rowTiles;
    tiles.columnTiles = columnTiles;
    tiles.packed = rows;
    tiles.accumulators = accumulators;
    try {
      pool.run(pack, columnTiles * pack.depthBlocks, threads);
      pool.run(tiles, rowTiles * columnTiles, threads);
    } finally {
      pack.b = null;
      tiles.a = null;
      tiles.c = null;
    }
  }

  private float[][] packedRows(int count) {
    if (packed.length < count) {
      float[][] grown = java.util.Arrays.copyOf(packed, count);
      for (int i = packed.length; i < count; i++) {
        grown[i] = new float[Gemm.PANEL_WIDTH];
      }
      packed = grown;
    }
    return packed;
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  private static int width(int n, int tile) {
    return Math.min(Gemm.PANEL_WIDTH, n - tile * Gemm.PANEL_WIDTH);
  }

  private static final class PackJob extends WorkerPool.Job {
    boolean transposeB;
    float[] b;
    int bOffset;
    int ldb;
    int n;
    int k;
    int columnTiles;
    int depthBlocks;
    float[][] packed;

    @Override
    void run(int block, int thread) {
      int tile = block % columnTiles;
      int fromP = (block / columnTiles) * PACK_DEPTH;
      int toP = Math.min(k, fromP + PACK_DEPTH);
      Gemm.pack(transposeB, b, bOffset, ldb, fromP, toP, tile, columnTiles, width(n, tile),
          packed);
    }
  }

  private static final class TileJob extends WorkerPool.Job {
    boolean transposeA;
    int m;
    int n;
    int k;
    float alpha;
    float[] a;
    int aOffset;
    int lda;
    float beta;
    float[] c;
    int cOffset;
    int ldc;
    int rowTiles;
    int columnTiles;
    float[][] packed;
    float[][][] accumulators;

    @Override
    void run(int block, int thread) {
      int rowTile = block / columnTiles;
      int tile = block % columnTiles;
      int fromRow = (int) ((long) m * rowTile / rowTiles);
      int toRow = (int) ((long) m * (rowTile + 1) / rowTiles);
      float[][] rows = accumulators[thread];
      if (rows == null) {
        rows = new float[TILE_ROWS][Gemm.PANEL_WIDTH];
        accumulators[thread] = rows;
      }
      Gemm.tile(transposeA, fromRow, toRow, tile, columnTiles, width(n, tile), k, alpha, a,
          aOffset, lda, packed, beta, c, cOffset, ldc, rows);
    }
  }
}
