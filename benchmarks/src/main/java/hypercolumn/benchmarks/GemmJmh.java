package hypercolumn.benchmarks;

import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH benchmark of the CPU device's GEMM at the shapes the MLP 784-256-128-10 runs at batch 128
 * (forward NT, weight gradients TN, input gradients NN). {@link #main} runs it and prints one
 * line per shape in GemmBenchmark's format, {@code gemm MxNxK OP kernel=jmh-K gflops=G}, then
 * the FMA peak of the cores used.
 *
 * <p>Arguments of main: {@code --threads N} (default: {@link CpuDevice#defaultThreads()}),
 * {@code --kernel vector|plain} (default vector), {@code --quick} (shorter iterations).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GemmJmh {
  /** m, n, k and the transposes of A and B, as GemmBenchmark and torch_mlp.py --gemm name them. */
  static final String[] SHAPES = {
      "128,256,784,NT", "128,128,256,NT", "256,784,128,TN", "128,256,128,TN", "128,256,128,NN",
      "128,784,256,NN"};

  @Param({"128,256,784,NT"})
  public String shape;

  @Param({"2"})
  public int threads;

  @Param({"vector"})
  public String kernel;

  private CpuDevice device;
  private Tensor a;
  private Tensor b;
  private Tensor c;
  private boolean transposeA;
  private boolean transposeB;
  private int m;
  private int n;
  private int k;

  @Setup
  public void setUp() {
    String[] parts = shape.split(",");
    m = Integer.parseInt(parts[0]);
    n = Integer.parseInt(parts[1]);
    k = Integer.parseInt(parts[2]);
    transposeA = parts[3].charAt(0) == 'T';
    transposeB = parts[3].charAt(1) == 'T';
    System.setProperty("hypercolumn.gemm", kernel);
    device = new CpuDevice(threads);
    a = device.allocate(m * k);
    b = device.allocate(k * n);
    c = device.allocate(m * n);
    GemmBenchmark.fillOperands(device, a, b, m, n, k);
  }

  @TearDown
  public void tearDown() {
    device.close();
  }

  @Benchmark
  public Tensor gemm() {
    device.gemm(transposeA, transposeB, m, n, k, 1f, a, 0, transposeA ? m : k, b, 0,
        transposeB ? k : n, 0f, c, 0, n);
    return c;
  }

  public static void main(String[] args) throws RunnerException {
    int threads = CpuDevice.defaultThreads();
    String kernel = "vector";
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--kernel" -> kernel = args[++i];
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException(
            "Unknown argument '" + args[i] + "'; expected --threads N, --kernel K or --quick");
      }
    }
    TimeValue time = TimeValue.milliseconds(quick ? 300 : 1000);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(GemmJmh.class.getName() + ".gemm")
        .param("shape", SHAPES)
        .param("threads", Integer.toString(threads))
        .param("kernel", kernel)
        .forks(1)
        .warmupIterations(quick ? 3 : 5).warmupTime(time)
        .measurementIterations(5).measurementTime(time)
        .shouldDoGC(false);
    if (kernel.equals("vector")) {
      options.jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC");
    } else {
      options.jvmArgsAppend("-XX:+UseParallelGC");
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println();
    for (RunResult result : results) {
      String[] parts = result.getParams().getParam("shape").split(",");
      double flops = 2.0 * Long.parseLong(parts[0]) * Long.parseLong(parts[1])
          * Long.parseLong(parts[2]);
      double gflops = result.getPrimaryResult().getScore() * flops / 1e9;
      System.out.printf("gemm %sx%sx%s %s kernel=jmh-%s gflops=%.2f%n", parts[0], parts[1],
          parts[2], parts[3], kernel, gflops);
    }
    System.out.printf("FMA peak of %d cores: %s%n", threads, FmaPeak.ofThisMachine().describe(threads));
  }
}
