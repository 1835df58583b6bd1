package hypercolumn.benchmarks;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.train.Adam;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * Times a steady-state training step of {@link BenchMlp} at batch 128 and each of its parts
 * alone (the batch copy, the uploads, each GEMM, the fused kernels, the loss, the bias sums, the
 * output read and Adam), so the time outside the GEMMs can be accounted for; then an inference
 * batch and its parts, without and with the read-only scope that prediction opens. Prints one
 * line a part: the median microseconds of several rounds. Arguments: {@code --threads N}, {@code
 * --batch N}, {@code --synthetic} (random data instead of Fashion-MNIST), {@code --cpu-time} (with
 * {@code --threads 1}: the calling thread's CPU time, which another process's load on the same
 * cores does not inflate, for comparing JVMs on a shared machine).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... hypercolumn.benchmarks.StepProfile</pre>
 */
public final class StepProfile {
  private static final int ROUNDS = 9;
  private static final long ROUND_NANOS = 60_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Whether parts are timed in the calling thread's CPU time rather than in wall-clock time: on
   * a machine shared with other processes, the wall clock also counts the time the thread waited
   * for a core, which comes and goes with their load; the CPU time does not. Meaningful with
   * {@code --threads 1}, where the calling thread does all the work.
   */
  private static boolean cpuTime;

  private StepProfile() {}

  public static void main(String[] args) throws Exception {
    int threads = CpuDevice.defaultThreads();
    int batch = 128;
    boolean synthetic = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--synthetic" -> synthetic = true;
        case "--cpu-time" -> cpuTime = true;
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; expected --threads N, --batch N, --synthetic or --cpu-time");
      }
    }
    Dataset train = synthetic ? random(60_000) : FashionMnist.load(FashionMnist.DEFAULT_DIRECTORY)
        .train().reshape(784);
    int[] order = train.permutation(1);
    if (cpuTime && threads != 1) {
      throw new IllegalArgumentException("--cpu-time times the calling thread alone: use it with --threads 1");
    }
    try (CpuDevice device = new CpuDevice(threads)) {
      new StepProfile().profile(device, train, order, batch);
    }
  }

  private interface Part {
    void run(int iteration);
  }

  private void profile(CpuDevice device, Dataset data, int[] order, int b) {
    BenchMlpNet net = new BenchMlpNet(device);
    net.initialize(1);
    net.reserve(b);
    Adam adam = Adam.lr(1e-3f);
    adam.attach(device, net.parameterCount());
    float[] x = new float[b * 784];
    float[] y = new float[b];
    float[] out = new float[b * 10];
    int steps = data.size() / b;
    Tensor a = device.allocate(b * 1573);
    Tensor p = net.parameterBuffer();
    Tensor g = net.gradientBuffer();
    // Scratch tensors at the shapes of the step, so a part alone does not disturb the model.
    Tensor h1 = device.allocate(b * 256);
    Tensor h2 = device.allocate(b * 128);
    Tensor lo = device.allocate(b * 10);
    Tensor in = device.allocate(b * 784);
    Tensor gw = device.allocate(net.parameterCount());
    float[] labels = new float[b];
    for (int i = 0; i < b; i++) {
      labels[i] = i % 10;
    }
    Tensor lab = device.allocate(b);
    device.upload(labels, 0, lab, 0, b);
    Random r = new Random(3);
    float[] noise = new float[b * 784];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) r.nextGaussian();
    }
    device.upload(noise, 0, in, 0, b * 784);
    device.upload(noise, 0, h1, 0, b * 256);
    device.upload(noise, 0, h2, 0, b * 128);
    device.upload(noise, 0, lo, 0, b * 10);

    Part step = i -> {
      int from = (i % steps) * b;
      data.copyBatch(order, from, b, x, y);
      net.setInput(x, 0, b);
      net.setLabels(y, 0, b);
      net.forward(b, true, 0L);
      float loss = net.lossAndGradient(b);
      net.backward(b);
      net.readOutput(out, 0, b);
      adam.step(p, g);
      if (loss < 0) {
        throw new IllegalStateException();
      }
    };
    time("step (whole, as Trainer runs it)", step);
    inStep(net, adam, data, order, b, x, y, out, steps);
    // Timed again once the JIT has settled: the first timing has read up to twice this.
    double stepMicros = time("step (whole), timed again", step);
    // The step with parts left out: what a part costs in the step, caches as the step leaves them.
    time("step without adam", i -> {
      data.copyBatch(order, (i % steps) * b, b, x, y);
      net.setInput(x, 0, b);
      net.setLabels(y, 0, b);
      net.forward(b, true, 0L);
      net.lossAndGradient(b);
      net.backward(b);
    });
    time("step without copy/upload", i -> {
      net.forward(b, true, 0L);
      net.lossAndGradient(b);
      net.backward(b);
      adam.step(p, g);
    });
    time("forward+loss+backward only", i -> {
      net.forward(b, true, 0L);
      net.lossAndGradient(b);
      net.backward(b);
    });
    double sum = 0;
    sum += time("copyBatch (shuffled rows)", i -> data.copyBatch(order, (i % steps) * b, b, x, y));
    sum += time("setInput + setLabels", i -> {
      net.setInput(x, 0, b);
      net.setLabels(y, 0, b);
    });
    double gemm = 0;
    gemm += time("gemm fwd1 NT 128x256x784", i -> device.gemm(false, true, b, 256, 784, 1f, in, 0, 784, p, 0, 784, 0f, h1, 0, 256));
    gemm += time("gemm fwd2 NT 128x128x256", i -> device.gemm(false, true, b, 128, 256, 1f, h1, 0, 256, p, 200960, 256, 0f, h2, 0, 128));
    gemm += time("gemm fwd3 NT 128x10x128", i -> device.gemm(false, true, b, 10, 128, 1f, h2, 0, 128, p, 233856, 128, 0f, lo, 0, 10));
    gemm += time("gemm dW3 TN 10x128x128", i -> device.gemm(true, false, 10, 128, b, 1f, lo, 0, 10, h2, 0, 128, 0f, gw, 233856, 128));
    gemm += time("gemm dX3 NN 128x128x10", i -> device.gemm(false, false, b, 128, 10, 1f, lo, 0, 10, p, 233856, 128, 0f, a, 0, 128));
    gemm += time("gemm dW2 TN 128x256x128", i -> device.gemm(true, false, 128, 256, b, 1f, h2, 0, 128, h1, 0, 256, 0f, gw, 200960, 256));
    gemm += time("gemm dX2 NN 128x256x128", i -> device.gemm(false, false, b, 256, 128, 1f, h2, 0, 128, p, 200960, 256, 0f, a, 0, 256));
    gemm += time("gemm dW1 TN 256x784x128", i -> device.gemm(true, false, 256, 784, b, 1f, h1, 0, 256, in, 0, 784, 0f, gw, 0, 784));
    System.out.printf("%-40s %9.1f us%n", "= GEMMs", gemm);
    sum += gemm;
    // The model's own forward and backward minus their GEMMs gives the kernels and bias sums.
    double forward = time("forward (3 gemm + 3 bias/relu kernels)", i -> net.forward(b, true, 0L));
    sum += time("loss + gradient", i -> net.lossAndGradient(b));
    double backward = time("backward (5 gemm + 2 relu' + 3 sumRows)", i -> net.backward(b));
    sum += forward + backward - gemm;
    System.out.printf("%-40s %9.1f us%n", "= forward+backward outside GEMM", forward + backward - gemm);
    time("  sumRows 128x256", i -> device.sumRows(h1, 0, b, 256, 0f, gw, 200704));
    time("  sumRows 128x128", i -> device.sumRows(h2, 0, b, 128, 0f, gw, 233728));
    sum += time("readOutput", i -> net.readOutput(out, 0, b));
    sum += time("adam step (235,146 parameters)", i -> adam.step(p, g));
    System.out.printf("%-40s %9.1f us (step %.1f us, unaccounted %.1f us)%n", "= sum of parts",
        sum, stepMicros, stepMicros - sum);
    System.out.printf("step rate: %.0f samples/s%n", b / (stepMicros * 1e-6));
    inference(device, net, data, b, in, h1, h2, lo);
  }

  /**
   * An inference batch as {@code Trainer.predict} runs it on an array, and its parts, without
   * and with the read-only scope over the parameters that prediction opens (the forward GEMMs
   * then reuse each layer's packed weights).
   */
  private void inference(CpuDevice device, BenchMlpNet net, Dataset data, int b, Tensor in,
      Tensor h1, Tensor h2, Tensor lo) {
    float[] samples = data.features();
    Tensor view = device.hostView(samples); // predict(array) reads the caller's array in place
    int batches = data.size() / b;
    float[] out = new float[b * 10];
    Tensor p = net.parameterBuffer();
    System.out.println("inference (batch " + b + "):");
    for (boolean scoped : new boolean[] {false, true}) {
      String tag = scoped ? " [read-only scope]" : "";
      try (ReadOnlyScope scope = scoped ? device.readOnly(p) : ReadOnlyScope.NONE) {
        time("  batch: useInput+forward+readOutput" + tag, i -> {
          net.useInput(view, (i % batches) * b * 784, b);
          net.forward(b, false, 0L);
          net.readOutput(out, 0, b);
        });
        time("  the same batch again" + tag, i -> {
          net.useInput(view, 0, b);
          net.forward(b, false, 0L);
          net.readOutput(out, 0, b);
        });
        time("  forward alone" + tag, i -> net.forward(b, false, 0L));
        time("  gemm fwd1 NT 128x256x784" + tag,
            i -> device.gemm(false, true, b, 256, 784, 1f, in, 0, 784, p, 0, 784, 0f, h1, 0, 256));
        time("  gemm fwd2 NT 128x128x256" + tag, i -> device.gemm(false, true, b, 128, 256, 1f,
            h1, 0, 256, p, 200960, 256, 0f, h2, 0, 128));
        time("  gemm fwd3 NT 128x10x128" + tag, i -> device.gemm(false, true, b, 10, 128, 1f,
            h2, 0, 128, p, 233856, 128, 0f, lo, 0, 10));
      }
    }
    time("  setInput (the copy that useInput saves)", i -> net.setInput(samples, (i % batches) * b * 784, b));
  }

  /** Each phase timed inside whole steps: what it costs with the caches as the step leaves them. */
  private static void inStep(BenchMlpNet net, Adam adam, Dataset data, int[] order, int b,
      float[] x, float[] y, float[] out, int steps) {
    String[] names = {"copyBatch", "setInput+setLabels", "forward", "loss+gradient", "backward",
        "readOutput", "adam"};
    long[] total = new long[names.length];
    int n = 3000;
    for (int i = 0; i < n + 500; i++) {
      long t0 = System.nanoTime();
      data.copyBatch(order, (i % steps) * b, b, x, y);
      long t1 = System.nanoTime();
      net.setInput(x, 0, b);
      net.setLabels(y, 0, b);
      long t2 = System.nanoTime();
      net.forward(b, true, 0L);
      long t3 = System.nanoTime();
      net.lossAndGradient(b);
      long t4 = System.nanoTime();
      net.backward(b);
      long t5 = System.nanoTime();
      net.readOutput(out, 0, b);
      long t6 = System.nanoTime();
      adam.step(net.parameterBuffer(), net.gradientBuffer());
      long t7 = System.nanoTime();
      if (i >= 500) {
        long[] t = {t0, t1, t2, t3, t4, t5, t6, t7};
        for (int k = 0; k < names.length; k++) {
          total[k] += t[k + 1] - t[k];
        }
      }
    }
    long all = 0;
    for (int k = 0; k < names.length; k++) {
      System.out.printf("  in step: %-29s %9.1f us%n", names[k], total[k] / 1e3 / n);
      all += total[k];
    }
    System.out.printf("  in step: %-29s %9.1f us%n", "all", all / 1e3 / n);
  }

  /** Median microseconds a call of {@code part} over {@link #ROUNDS} rounds, after a warm-up. */
  private static double time(String name, Part part) {
    int i = 0;
    long warmEnd = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < warmEnd) {
      part.run(i++);
    }
    double[] rounds = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      long clockStart = clock();
      int calls = 0;
      do {
        part.run(i++);
        calls++;
      } while (System.nanoTime() - start < ROUND_NANOS);
      rounds[round] = (clock() - clockStart) / 1e3 / calls;
    }
    Arrays.sort(rounds);
    double median = rounds[ROUNDS / 2];
    System.out.printf("%-40s %9.1f us%n", name, median);
    return median;
  }

  private static long clock() {
    return cpuTime ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static Dataset random(int count) {
    Random random = new Random(7);
    float[] x = new float[count * 784];
    float[] labels = new float[count];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(10);
    }
    return Dataset.of(x, new int[] {784}, labels, 1);
  }
}
