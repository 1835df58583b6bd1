package hypercolumn.runtime.cpu;

/**
 * Gets the Vector API GEMM compiled by C2 before the first real product needs it. Until then
 * every vector operation runs as allocating Java code (interpreted or C1), about a thousand
 * times slower: the first training step of the MLP 784-256-128-10 took 0.6 to 0.9 s on the
 * vector path against 0.1 s on the plain one, nearly all of it in its first large products.
 * Small products on a thread of its own get the same methods compiled in about 0.2 s, and the
 * first step of the MLP now ends about 0.4 s after JVM start (StartupBenchmark).
 *
 * <p>One warm-up per JVM, started by the first vector engine; each engine waits for it before
 * its first product. Results do not depend on it: compiled and interpreted vector code compute
 * the same values, and the warm-up uses arrays and scratch memory of its own.
 */
final class VectorWarmUp {
  /**
   * Products per transpose case. C2 had compiled the kernel within the first 50 (measured: the
   * warm-up ended 0.25 s after JVM start); once compiled, the rest cost about 10 ms.
   */
  static final int CALLS = 250;

  /** m = n = k of each warm-up product: just above the size the plain engine takes. */
  static final int SIZE = 48;

  /**
   * A product with every edge the real ones have, run below the size the plain engine would
   * take it at: a partial row panel (7 = 6 + 1), a partial column panel narrower than four (18 =
   * 16 + 2) and a depth that ends with a partial group of packed A (260 = 32 x 8 + 4). Without
   * it C2 compiled the kernels for whole panels first and recompiled them when a network's
   * shapes took the other branches, and the recompiled code was slower in some JVM runs (the
   * 128x256x784 product took 420 to 530 us after a 128x10x128 one, against 420 before).
   */
  static final int EDGE_M = 7;
  static final int EDGE_N = 18;
  static final int EDGE_K = 260;

  private static Thread thread;

  private VectorWarmUp() {}

  /** The warm-up thread, started on the first call. */
  static synchronized Thread start() {
    if (thread == null) {
      thread = new Thread(VectorWarmUp::run, "hypercolumn-vector-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
    return thread;
  }

  /** Waits for {@code warmUp} to end, keeping the interrupt status. */
  static void await(Thread warmUp) {
    boolean interrupted = false;
    while (warmUp.isAlive()) {
      try {
        warmUp.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run() {
    try (WorkerPool pool = new WorkerPool(1)) {
      VectorGemmEngine engine = new VectorGemmEngine(pool, false);
      int s = SIZE;
      float[] a = new float[Math.max(s * s, EDGE_M * EDGE_K)];
      float[] b = new float[Math.max(s * s, EDGE_N * EDGE_K)];
      float[] c = new float[Math.max(s * s, EDGE_M * EDGE_N)];
      int m = EDGE_M;
      int n = EDGE_N;
      int k = EDGE_K;
      for (int call = 0; call < CALLS; call++) {
        engine.gemm(false, true, s, s, s, 1f, a, 0, s, b, 0, s, 0f, c, 0, s);
        engine.gemm(true, false, s, s, s, 1f, a, 0, s, b, 0, s, 1f, c, 0, s);
        engine.gemm(false, false, s, s, s, 1f, a, 0, s, b, 0, s, 0f, c, 0, s);
        engine.packAndMultiply(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n, false);
        engine.packAndMultiply(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 1f, c, 0, n, false);
        engine.packAndMultiply(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, false);
      }
    }
  }
}
