package hypercolumn.runtime.cpu;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.PoolingShape;

/**
 * The parallel loops of {@link CpuConvolutions}, one preallocated job object for all of them
 * (a call sets the fields, runs it and clears the arrays), so a steady-state call allocates
 * nothing. Each step splits into work units that write disjoint parts of the output; small
 * steps run on the caller alone.
 */
final class ConvolutionJobs {
  private static final int IM2COL = 0;
  private static final int COL2IM = 1;
  private static final int SCATTER = 2;
  private static final int GATHER = 3;
  private static final int BIAS_GRADIENT = 4;
  private static final int POOL_FORWARD = 5;
  private static final int POOL_BACKWARD = 6;

  private final WorkerPool pool;
  private final Step step;

  /** With {@code vector} (the Vector API module is present), pooling may use {@link VectorPooling}. */
  ConvolutionJobs(WorkerPool pool, boolean vector) {
    this.pool = pool;
    this.step = new Step(vector);
  }

  void im2col(ConvolutionShape shape, float[] x, int xOffset, int first, int chunk, float[] col) {
    Step s = step;
    s.convolution = shape;
    s.a = x;
    s.aOffset = xOffset;
    s.out = col;
    run(IM2COL, first, chunk, shape.weightSize() / shape.outChannels() * chunk,
        (long) shape.weightSize() / shape.outChannels() * chunk * shape.outHeight() * shape.outWidth());
  }

  void col2im(ConvolutionShape shape, float[] dcol, int first, int chunk, float[] dx, int dxOffset) {
    Step s = step;
    s.convolution = shape;
    s.a = dcol;
    s.out = dx;
    s.outOffset = dxOffset;
    run(COL2IM, first, chunk, shape.inChannels() * chunk,
        (long) shape.weightSize() / shape.outChannels() * chunk * shape.outHeight() * shape.outWidth());
  }

  void scatter(ConvolutionShape shape, float[] product, int first, int chunk, float[] bias,
      int biasOffset, float[] y, int yOffset) {
    Step s = step;
    s.convolution = shape;
    s.a = product;
    s.b = bias;
    s.bOffset = biasOffset;
    s.out = y;
    s.outOffset = yOffset;
    run(SCATTER, first, chunk, shape.outChannels() * chunk,
        (long) shape.outChannels() * chunk * shape.outHeight() * shape.outWidth());
  }

  void gather(ConvolutionShape shape, float[] dy, int dyOffset, int first, int chunk,
      float[] product) {
    Step s = step;
    s.convolution = shape;
    s.a = dy;
    s.aOffset = dyOffset;
    s.out = product;
    run(GATHER, first, chunk, shape.outChannels() * chunk,
        (long) shape.outChannels() * chunk * shape.outHeight() * shape.outWidth());
  }

  /** {@code db[k] = beta * db[k] + sum of dy over the batch and the plane}, summed in double. */
  void biasGradient(ConvolutionShape shape, float[] dy, int dyOffset, float beta, float[] db,
      int dbOffset) {
    Step s = step;
    s.convolution = shape;
    s.a = dy;
    s.aOffset = dyOffset;
    s.beta = beta;
    s.out = db;
    s.outOffset = dbOffset;
    run(BIAS_GRADIENT, 0, 0, shape.outChannels(), shape.outputSize());
  }

  void poolingForward(PoolingShape shape, float[] x, int xOffset, float[] y, int yOffset) {
    Step s = step;
    s.pooling = shape;
    s.a = x;
    s.aOffset = xOffset;
    s.out = y;
    s.outOffset = yOffset;
    run(POOL_FORWARD, 0, 0, shape.batch() * shape.channels(), shape.inputSize());
  }

  void poolingBackward(PoolingShape shape, float[] x, int xOffset, float[] dy, int dyOffset,
      float[] dx, int dxOffset) {
    Step s = step;
    s.pooling = shape;
    s.a = x;
    s.aOffset = xOffset;
    s.b = dy;
    s.bOffset = dyOffset;
    s.out = dx;
    s.outOffset = dxOffset;
    run(POOL_BACKWARD, 0, 0, shape.batch() * shape.channels(), shape.inputSize());
  }

  private void run(int kind, int first, int chunk, int units, long elements) {
    Step s = step;
    s.kind = kind;
    s.first = first;
    s.chunk = chunk;
    int threads = elements >= CpuDevice.PARALLEL_ELEMENTS ? pool.threads() : 1;
    try {
      pool.run(s, s.prepare(units, 1, threads), threads);
    } finally {
      s.a = null;
      s.b = null;
      s.out = null;
      s.convolution = null;
      s.pooling = null;
    }
  }

  private static final class Step extends RangeJob {
    final boolean vector;
    int kind;
    ConvolutionShape convolution;
    PoolingShape pooling;
    int first;
    int chunk;
    float[] a;
    int aOffset;
    float[] b;
    int bOffset;
    float[] out;
    int outOffset;
    float beta;

    Step(boolean vector) {
      this.vector = vector;
    }

    @Override
    void run(int block, int from, int to) {
      switch (kind) {
        case IM2COL -> Im2col.im2col(convolution, a, aOffset, first, chunk, from, to, out);
        case COL2IM -> Im2col.col2im(convolution, a, first, chunk, from, to, out, outOffset);
        case SCATTER -> Im2col.scatter(convolution, a, first, chunk, from, to, b, bOffset, out,
            outOffset);
        case GATHER -> Im2col.gather(convolution, a, aOffset, first, chunk, from, to, out);
        case BIAS_GRADIENT -> biasGradient(from, to);
        case POOL_FORWARD -> Pooling.forward(pooling, a, aOffset, out, outOffset, from, to,
            vector);
        case POOL_BACKWARD -> Pooling.backward(pooling, a, aOffset, b, bOffset, out, outOffset,
            from, to, vector);
        default -> throw new IllegalStateException("unknown step " + kind);
      }
    }

    /**
     * Four sums in double, each over every fourth cell of a plane, then added: one chain of
     * dependent additions ran at a quarter of the adder's throughput (the CNN's first layer, 3.2
     * million values: 0.81 ms on 2 threads).
     */
    private void biasGradient(int fromChannel, int toChannel) {
      int channels = convolution.outChannels();
      int cells = convolution.outHeight() * convolution.outWidth();
      int whole = cells - cells % 4;
      for (int k = fromChannel; k < toChannel; k++) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int n = 0; n < convolution.batch(); n++) {
          int plane = aOffset + (n * channels + k) * cells;
          for (int i = plane; i < plane + whole; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
          }
          for (int i = plane + whole; i < plane + cells; i++) {
            s0 += a[i];
          }
        }
        double sum = (s0 + s1) + (s2 + s3);
        out[outOffset + k] = beta == 0 ? (float) sum : (float) (beta * out[outOffset + k] + sum);
      }
    }
  }
}
