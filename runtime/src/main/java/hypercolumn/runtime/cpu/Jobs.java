package hypercolumn.runtime.cpu;

import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Tensor;

/**
 * The CPU device's parallel loops other than GEMM, one preallocated job object each. A call
 * stores its arguments in the job's fields, runs it on the pool and clears the references it
 * must not keep. Work below {@link CpuDevice#PARALLEL_ELEMENTS} ({@link
 * CpuDevice#PARALLEL_ROW_ELEMENTS} for row-wise calls) runs inline.
 */
final class Jobs {
  private final WorkerPool pool;
  private final LaunchJob launch = new LaunchJob();
  private final SoftmaxJob softmax = new SoftmaxJob();
  private final SumRowsJob sumRows = new SumRowsJob();
  private final RegularizeJob regularize = new RegularizeJob();
  private final OptimizerJob optimizer = new OptimizerJob();

  /** With {@code vector}, Adam runs on the Java Vector API (jdk.incubator.vector). */
  Jobs(WorkerPool pool, boolean vector) {
    this.pool = pool;
    this.optimizer.vector = vector;
  }

  private int threadsFor(long elements) {
    return elements >= CpuDevice.PARALLEL_ELEMENTS ? pool.threads() : 1;
  }

  /** Row-wise calls: each row's result is independent of the split, so results never change. */
  private int threadsForRows(long elements) {
    return elements >= CpuDevice.PARALLEL_ROW_ELEMENTS ? pool.threads() : 1;
  }

  void launch(
      FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets, float[] scalars, long key) {
    int threads = threadsForRows((long) rows * kernel.columns());
    if (threads == 1) {
      kernel.runOnHost(0, rows, tensors, offsets, scalars, key);
      return;
    }
    LaunchJob job = launch;
    job.kernel = kernel;
    job.tensors = tensors;
    job.offsets = offsets;
    job.scalars = scalars;
    job.key = key;
    try {
      pool.run(job, job.prepare(rows, 1, threads));
    } finally {
      job.kernel = null;
      job.tensors = null;
      job.offsets = null;
      job.scalars = null;
    }
  }

  void softmax(float[] in, int inOffset, float[] out, int outOffset, int rows, int columns) {
    int threads = threadsForRows((long) rows * columns);
    if (threads == 1) {
      Pointwise.softmaxForward(in, inOffset, out, outOffset, 0, rows, columns);
      return;
    }
    SoftmaxJob job = softmax;
    job.backward = false;
    job.y = in;
    job.yOffset = inOffset;
    job.dx = out;
    job.dxOffset = outOffset;
    job.columns = columns;
    runAndClear(job, rows);
  }

  void softmaxBackward(
      float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset, int rows,
      int columns) {
    int threads = threadsForRows((long) rows * columns);
    if (threads == 1) {
      Pointwise.softmaxBackward(y, yOffset, dy, dyOffset, dx, dxOffset, 0, rows, columns);
      return;
    }
    SoftmaxJob job = softmax;
    job.backward = true;
    job.y = y;
    job.yOffset = yOffset;
    job.dy = dy;
    job.dyOffset = dyOffset;
    job.dx = dx;
    job.dxOffset = dxOffset;
    job.columns = columns;
    runAndClear(job, rows);
  }

  private void runAndClear(SoftmaxJob job, int rows) {
    try {
      pool.run(job, job.prepare(rows, 1, pool.threads()));
    } finally {
      job.y = null;
      job.dy = null;
      job.dx = null;
    }
  }

  void sumRows(
      float[] in, int inOffset, int rows, int columns, float beta, float[] out, int outOffset) {
    int threads = threadsForRows((long) rows * columns);
    if (threads == 1) {
      Pointwise.sumRows(in, inOffset, rows, columns, beta, out, outOffset, 0, columns);
      return;
    }
    SumRowsJob job = sumRows;
    job.in = in;
    job.inOffset = inOffset;
    job.rows = rows;
    job.columns = columns;
    job.beta = beta;
    job.out = out;
    job.outOffset = outOffset;
    try {
      // Blocks of at least 64 columns keep each row segment a few cache lines long.
      pool.run(job, job.prepare(columns, 64, threads));
    } finally {
      job.in = null;
      job.out = null;
    }
  }

  float regularize(float[] p, float[] g, int offset, int count, float l1, float l2) {
    int threads = threadsFor(count);
    if (threads == 1) {
      return (float) Pointwise.regularize(p, g, offset, offset + count, l1, l2);
    }
    RegularizeJob job = regularize;
    job.p = p;
    job.g = g;
    job.offset = offset;
    job.l1 = l1;
    job.l2 = l2;
    int blocks = job.prepare(count, 4096, threads);
    try {
      pool.run(job, blocks);
    } finally {
      job.p = null;
      job.g = null;
    }
    double total = 0;
    for (int b = 0; b < blocks; b++) {
      total += job.partial[b];
    }
    return (float) total;
  }

  void sgd(float[] p, float[] g, float[] v, int count, float lr, float momentum, boolean nesterov) {
    OptimizerJob job = optimizer;
    job.rule = momentum == 0 ? OptimizerJob.SGD : OptimizerJob.SGD_MOMENTUM;
    job.v = v;
    job.a = lr;
    job.b = momentum;
    job.nesterov = nesterov;
    runOptimizer(job, p, g, count);
  }

  void rmsProp(
      float[] p, float[] g, float[] s, int count, float lr, float alpha, float eps,
      float momentum) {
    OptimizerJob job = optimizer;
    job.rule = OptimizerJob.RMSPROP;
    job.v = s;
    job.a = lr;
    job.b = alpha;
    job.c = eps;
    job.d = momentum;
    runOptimizer(job, p, g, count);
  }

  void adam(
      float[] p, float[] g, float[] s, int count, float beta1, float beta2, float eps,
      float stepSize, float bc2Sqrt) {
    OptimizerJob job = optimizer;
    job.rule = OptimizerJob.ADAM;
    job.v = s;
    job.a = beta1;
    job.b = beta2;
    job.c = eps;
    job.d = stepSize;
    job.e = bc2Sqrt;
    runOptimizer(job, p, g, count);
  }

  private void runOptimizer(OptimizerJob job, float[] p, float[] g, int count) {
    job.p = p;
    job.g = g;
    job.count = count;
    try {
      pool.run(job, job.prepare(count, 8192, threadsFor(count)));
    } finally {
      job.p = null;
      job.g = null;
      job.v = null;
    }
  }

  private static final class LaunchJob extends RangeJob {
    FusedKernel kernel;
    Tensor[] tensors;
    int[] offsets;
    float[] scalars;
    long key;

    @Override
    void run(int block, int from, int to) {
      kernel.runOnHost(from, to, tensors, offsets, scalars, key);
    }
  }

  private static final class SoftmaxJob extends RangeJob {
    boolean backward;
    float[] y;
    float[] dy;
    float[] dx;
    int yOffset;
    int dyOffset;
    int dxOffset;
    int columns;

    @Override
    void run(int block, int from, int to) {
      if (backward) {
        Pointwise.softmaxBackward(y, yOffset, dy, dyOffset, dx, dxOffset, from, to, columns);
      } else {
        Pointwise.softmaxForward(y, yOffset, dx, dxOffset, from, to, columns);
      }
    }
  }

  private static final class SumRowsJob extends RangeJob {
    float[] in;
    float[] out;
    int inOffset;
    int outOffset;
    int rows;
    int columns;
    float beta;

    @Override
    void run(int block, int from, int to) {
      Pointwise.sumRows(in, inOffset, rows, columns, beta, out, outOffset, from, to);
    }
  }

  private static final class RegularizeJob extends RangeJob {
    final double[] partial = new double[MAX_BLOCKS];
    float[] p;
    float[] g;
    int offset;
    float l1;
    float l2;

    @Override
    void run(int block, int from, int to) {
      partial[block] = Pointwise.regularize(p, g, offset + from, offset + to, l1, l2);
    }
  }

  /** One job for every optimizer rule; {@code a..e} are the rule's hyperparameters. */
  private static final class OptimizerJob extends RangeJob {
    static final int SGD = 0;
    static final int SGD_MOMENTUM = 1;
    static final int RMSPROP = 2;
    static final int ADAM = 3;

    int rule;
    float[] p;
    float[] g;
    float[] v;
    int count;
    float a;
    float b;
    float c;
    float d;
    float e;
    boolean nesterov;
    boolean vector;

    @Override
    void run(int block, int from, int to) {
      switch (rule) {
        case SGD -> OptimizerKernels.sgd(p, g, from, to, a);
        case SGD_MOMENTUM -> OptimizerKernels.sgdMomentum(p, g, v, from, to, a, b, nesterov);
        case RMSPROP -> OptimizerKernels.rmsProp(p, g, v, count, from, to, a, b, c, d);
        case ADAM -> {
          if (vector) { // VectorOptimizerKernels is loaded only here
            VectorOptimizerKernels.adam(p, g, v, count, from, to, a, b, c, d, e);
          } else {
            OptimizerKernels.adam(p, g, v, count, from, to, a, b, c, d, e);
          }
        }
        default -> throw new IllegalStateException("unknown rule " + rule);
      }
    }
  }
}
