package hypercolumn.benchmarks;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.FashionMnist;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Trainer;
import java.lang.management.ManagementFactory;
import java.util.stream.IntStream;

/**
 * The time from JVM start to the end of the first training step of {@link BenchMlp} (batch
 * 128, Adam), with the time spent loading Fashion-MNIST taken out: what a user waits for before
 * training starts, data already in memory. Run it in a fresh JVM; it prints one line, {@code
 * startup first_step_ms=T jvm_to_main_ms=J load_ms=L build_ms=B step_ms=S}, where T = J + B + S
 * (J: JVM start to main; B: device, network and trainer built; S: the first step itself).
 */
public final class StartupBenchmark {
  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    long mainNanos = System.nanoTime();
    // The JVM's own start time: the process start time of the OS is in whole seconds here.
    long jvmToMainMs = ManagementFactory.getRuntimeMXBean().getUptime();

    Dataset train = FashionMnist.load().train().reshape(784);
    Dataset firstBatches = train.subset(IntStream.range(0, 256).toArray());
    long loadedNanos = System.nanoTime();

    CpuDevice device = new CpuDevice(CpuDevice.defaultThreads());
    BenchMlpNet net = new BenchMlpNet(device);
    net.initialize(42);
    FirstStepClock clock = new FirstStepClock(Adam.lr(1e-3f));
    Trainer trainer = Trainer.of(net).optimizer(clock).batchSize(128).epochs(1).seed(42).quiet();
    clock.builtNanos = System.nanoTime();
    trainer.fit(firstBatches);
    device.close();

    long buildMs = (clock.builtNanos - loadedNanos) / 1_000_000;
    long stepMs = (clock.firstStepNanos - clock.builtNanos) / 1_000_000;
    long loadMs = (loadedNanos - mainNanos) / 1_000_000;
    System.out.printf("startup first_step_ms=%d jvm_to_main_ms=%d load_ms=%d build_ms=%d "
        + "step_ms=%d gemm=%s%n", jvmToMainMs + buildMs + stepMs, jvmToMainMs, loadMs, buildMs,
        stepMs, device.gemmKernel());
  }

  /** Adam, noting when its first step ends (the end of the first training step). */
  private static final class FirstStepClock implements Optimizer {
    private final Optimizer adam;
    long builtNanos;
    long firstStepNanos;

    FirstStepClock(Optimizer adam) {
      this.adam = adam;
    }

    @Override
    public void attach(Device device, int parameterCount) {
      adam.attach(device, parameterCount);
    }

    @Override
    public void step(Tensor parameters, Tensor gradients) {
      adam.step(parameters, gradients);
      if (firstStepNanos == 0) {
        firstStepNanos = System.nanoTime();
      }
    }

    @Override
    public float learningRate() {
      return adam.learningRate();
    }

    @Override
    public void setLearningRate(float learningRate) {
      adam.setLearningRate(learningRate);
    }

    @Override
    public String describe() {
      return adam.describe();
    }
  }
}
