package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cuda.CudaDevice;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.testing.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the CUDA device against the CPU device on the same random data, within
 * 1e-6 of the largest magnitude of the CPU's result (at least 1): matrix products in all four
 * transpose cases with padded leading dimensions and offsets, the bias gradient, softmax, each
 * loss with and without its gradient, the regularizer and each optimizer; and that both devices reject bad arguments with the same message. Runs
 * where CUDA is expected: on the CPU emulator of the CUDA libraries in the build, on the GPU of
 * a GPU machine.
 */
class CudaDeviceTest extends CpuAgainstCudaTest {
  /** Of the largest magnitude of the CPU's result (at least 1): room for another summation order. */
  private static final double TOLERANCE = 1e-6;
  /** Steps of training compound the differences of each operation (Adam divides by sqrt(v)). */
  private static final double TRAINING_TOLERANCE = 5e-6;
  private final Random random = new Random(42);

  /** The same values on both devices. */
  private final class Pair {
    final Tensor host;
    final Tensor gpu;

    Pair(float[] values) {
      host = cpu.allocate(values.length);
      gpu = cuda.allocate(values.length);
      cpu.upload(values, 0, host, 0, values.length);
      cuda.upload(values, 0, gpu, 0, values.length);
    }

    void assertSame(String what) {
      float[] expected = new float[host.size()];
      float[] actual = new float[gpu.size()];
      cpu.download(host, 0, expected, 0, expected.length);
      cuda.download(gpu, 0, actual, 0, actual.length);
      Tolerance.assertWithin(what, expected, actual, TOLERANCE);
    }
  }

  private Pair random(int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return new Pair(values);
  }

  private Pair filled(int size, float value) {
    float[] values = new float[size];
    java.util.Arrays.fill(values, value);
    return new Pair(values);
  }

  @Test
  void gemmInAllFourTransposeCasesWithPaddingAndOffsets() {
    int m = 7;
    int n = 13;
    int k = 5;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 2;
        int ldc = n + 1;
        Pair a = random(2 + lda * (ta ? k : m));
        Pair b = random(1 + ldb * (tb ? n : k));
        Pair c = random(3 + ldc * m);
        cpu.gemm(ta, tb, m, n, k, 0.7f, a.host, 2, lda, b.host, 1, ldb, 0.3f, c.host, 3, ldc);
        cuda.gemm(ta, tb, m, n, k, 0.7f, a.gpu, 2, lda, b.gpu, 1, ldb, 0.3f, c.gpu, 3, ldc);
        c.assertSame("gemm transposeA=" + ta + " transposeB=" + tb);
      }
    }
  }

  @Test
  void gemmWithBetaZeroIgnoresNaNInC() {
    Pair a = random(4 * 6);
    Pair b = random(6 * 5);
    Pair c = filled(4 * 5, Float.NaN);
    cpu.gemm(false, false, 4, 5, 6, 1f, a.host, 0, 6, b.host, 0, 5, 0f, c.host, 0, 5);
    cuda.gemm(false, false, 4, 5, 6, 1f, a.gpu, 0, 6, b.gpu, 0, 5, 0f, c.gpu, 0, 5);
    c.assertSame("gemm with beta 0 over NaN");
  }

  @Test
  void sumRowsWithAndWithoutBeta() {
    Pair in = random(9 * 11);
    for (float beta : new float[] {0f, 0.5f}) {
      Pair out = random(11 + 2);
      cpu.sumRows(in.host, 0, 9, 11, beta, out.host, 2);
      cuda.sumRows(in.gpu, 0, 9, 11, beta, out.gpu, 2);
      out.assertSame("sumRows beta=" + beta);
    }
  }

  @Test
  void softmaxAndItsGradient() {
    Pair x = random(6 * 10);
    Pair y = filled(6 * 10, 0);
    cpu.softmax(x.host, 0, y.host, 0, 6, 10);
    cuda.softmax(x.gpu, 0, y.gpu, 0, 6, 10);
    y.assertSame("softmax");
    Pair dy = random(6 * 10);
    Pair dx = filled(6 * 10, 0);
    cpu.softmaxBackward(y.host, 0, dy.host, 0, dx.host, 0, 6, 10);
    cuda.softmaxBackward(y.gpu, 0, dy.gpu, 0, dx.gpu, 0, 6, 10);
    dx.assertSame("softmax backward");
  }

  @Test
  void softmaxCrossEntropyOnLogitsAndOnProbabilities() {
    int rows = 37;
    int classes = 10;
    float[] labels = new float[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = random.nextInt(classes);
    }
    Pair t = new Pair(labels);
    Pair x = random(rows * classes);
    Pair g = filled(rows * classes, 0);
    float expected = cpu.softmaxCrossEntropy(x.host, 0, t.host, 0, rows, classes, false, g.host, 0);
    float actual = cuda.softmaxCrossEntropy(x.gpu, 0, t.gpu, 0, rows, classes, false, g.gpu, 0);
    Tolerance.assertWithin("cross-entropy", expected, actual, TOLERANCE);
    g.assertSame("cross-entropy gradient");

    Pair p = filled(rows * classes, 0);
    cpu.softmax(x.host, 0, p.host, 0, rows, classes);
    cuda.softmax(x.gpu, 0, p.gpu, 0, rows, classes);
    expected = cpu.softmaxCrossEntropy(p.host, 0, t.host, 0, rows, classes, true, null, 0);
    actual = cuda.softmaxCrossEntropy(p.gpu, 0, t.gpu, 0, rows, classes, true, null, 0);
    Tolerance.assertWithin("cross-entropy of probabilities", expected, actual, TOLERANCE);
  }

  @Test
  void aLabelThatIsNotAClassIndexIsRejectedAsOnTheCpu() {
    Pair t = new Pair(new float[] {1, 2, 10, 0});
    Pair x = random(4 * 10);
    String expected = assertThrows(IllegalArgumentException.class,
        () -> cpu.softmaxCrossEntropy(x.host, 0, t.host, 0, 4, 10, false, null, 0)).getMessage();
    String actual = assertThrows(IllegalArgumentException.class,
        () -> cuda.softmaxCrossEntropy(x.gpu, 0, t.gpu, 0, 4, 10, false, null, 0)).getMessage();
    assertEquals(expected, actual);
  }

  @Test
  void elementwiseLossesAndTheirGradients() {
    int count = 301;
    Pair x = random(count);
    float[] targets = new float[count];
    for (int i = 0; i < count; i++) {
      targets[i] = random.nextBoolean() ? 1 : 0;
    }
    Pair t = new Pair(targets);
    Pair g = filled(count, 0);
    Tolerance.assertWithin("binary cross-entropy",
        cpu.binaryCrossEntropyWithLogits(x.host, 0, t.host, 0, count, g.host, 0),
        cuda.binaryCrossEntropyWithLogits(x.gpu, 0, t.gpu, 0, count, g.gpu, 0), TOLERANCE);
    g.assertSame("binary cross-entropy gradient");
    Tolerance.assertWithin("mean squared error",
        cpu.meanSquaredError(x.host, 0, t.host, 0, count, g.host, 0),
        cuda.meanSquaredError(x.gpu, 0, t.gpu, 0, count, g.gpu, 0), TOLERANCE);
    g.assertSame("mean squared error gradient");
    Pair steps = new Pair(targets.clone());
    cpu.fill(steps.host, 0, 50, 1f);
    cuda.fill(steps.gpu, 0, 50, 1f);
    assertEquals(cpu.perceptronCriterion(steps.host, 0, t.host, 0, 7, 43, g.host, 0),
        cuda.perceptronCriterion(steps.gpu, 0, t.gpu, 0, 7, 43, g.gpu, 0), "perceptron criterion, a fraction of mistakes");
    g.assertSame("perceptron gradient");
  }

  @Test
  void regularizerAddsToGradientsAndReturnsThePenalty() {
    Pair p = random(5000);
    Pair g = random(5000);
    float expected = cpu.regularize(p.host, g.host, 100, 4000, 1e-3f, 1e-2f);
    float actual = cuda.regularize(p.gpu, g.gpu, 100, 4000, 1e-3f, 1e-2f);
    Tolerance.assertWithin("penalty", expected, actual, TOLERANCE);
    g.assertSame("regularized gradients");
  }

  @Test
  void optimizerStepsMatchTheCpu() {
    int count = 777;
    Pair g = random(count);
    String[] rules = {"sgd", "momentum", "nesterov", "rmsprop", "rmsprop+momentum", "adam"};
    for (String rule : rules) {
      Pair p = random(count);
      Pair state = filled(2 * count, 0);
      for (int step = 1; step <= 3; step++) {
        switch (rule) {
          case "sgd" -> {
            cpu.sgdUpdate(p.host, g.host, null, count, 0.1f, 0f, false);
            cuda.sgdUpdate(p.gpu, g.gpu, null, count, 0.1f, 0f, false);
          }
          case "momentum", "nesterov" -> {
            boolean nesterov = rule.equals("nesterov");
            cpu.sgdUpdate(p.host, g.host, state.host, count, 0.1f, 0.9f, nesterov);
            cuda.sgdUpdate(p.gpu, g.gpu, state.gpu, count, 0.1f, 0.9f, nesterov);
          }
          case "rmsprop", "rmsprop+momentum" -> {
            float momentum = rule.endsWith("momentum") ? 0.9f : 0f;
            cpu.rmsPropUpdate(p.host, g.host, state.host, count, 0.01f, 0.99f, 1e-8f, momentum);
            cuda.rmsPropUpdate(p.gpu, g.gpu, state.gpu, count, 0.01f, 0.99f, 1e-8f, momentum);
          }
          default -> {
            cpu.adamUpdate(p.host, g.host, state.host, count, 1e-3f, 0.9f, 0.999f, 1e-8f, step);
            cuda.adamUpdate(p.gpu, g.gpu, state.gpu, count, 1e-3f, 0.9f, 0.999f, 1e-8f, step);
          }
        }
      }
      p.assertSame(rule + " parameters after 3 steps");
      state.assertSame(rule + " state after 3 steps");
    }
  }

  @Test
  void copiesFillsAndRangeErrorsAsOnTheCpu() {
    Pair a = random(64);
    Pair b = filled(64, 0);
    cpu.copy(a.host, 5, b.host, 9, 40);
    cuda.copy(a.gpu, 5, b.gpu, 9, 40);
    cpu.fill(b.host, 50, 10, -2.5f);
    cuda.fill(b.gpu, 50, 10, -2.5f);
    b.assertSame("copy and fill");
    String expected = assertThrows(IndexOutOfBoundsException.class,
        () -> cpu.copy(a.host, 30, b.host, 0, 40)).getMessage();
    String actual = assertThrows(IndexOutOfBoundsException.class,
        () -> cuda.copy(a.gpu, 30, b.gpu, 0, 40)).getMessage();
    assertEquals(expected, actual);
    String wrongDevice = assertThrows(IllegalArgumentException.class,
        () -> cuda.copy(a.host, 0, b.gpu, 0, 1)).getMessage();
    assertEquals(true, wrongDevice.startsWith("source must be a tensor of CUDA"), wrongDevice);
  }

  @Test
  void uploadsLargerThanAStagingBufferAndMoreThanTheRingArriveIntact() {
    int size = 5 << 20; // more than one 4 Mi-float staging piece
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = i * 0.5f;
    }
    Tensor big = cuda.allocate(size + 3);
    cuda.upload(values, 1, big, 3, size - 1);
    float[] back = new float[size + 3];
    cuda.download(big, 0, back, 0, back.length);
    assertEquals(0f, back[2]);
    assertEquals(values[1], back[3]);
    assertEquals(values[size - 1], back[size + 1]);
    assertEquals(0f, back[size + 2]);
    // Ten small uploads in a row reuse the staging ring before anything is read back.
    Tensor small = cuda.allocate(10 * 7);
    for (int k = 0; k < 10; k++) {
      float[] piece = new float[7];
      java.util.Arrays.fill(piece, k + 1);
      cuda.upload(piece, 0, small, 7 * k, 7);
    }
    float[] pieces = new float[70];
    cuda.download(small, 0, pieces, 0, 70);
    for (int i = 0; i < 70; i++) {
      assertEquals(i / 7 + 1, pieces[i], "element " + i);
    }
  }

  @Test
  void trainingStepsWithDropoutAndAdamMatchTheCpu() {
    Model[] models = {new DropoutMlpNet(cpu), new DropoutMlpNet(cuda)};
    Optimizer[] optimizers = {Adam.lr(1e-2f), Adam.lr(1e-2f)};
    RandomBatch data = RandomBatch.of(models[0], 16, 7L);
    for (int i = 0; i < 2; i++) {
      models[i].initialize(3L);
      data.feed(models[i]);
      optimizers[i].attach(models[i].device(), models[i].parameterCount());
      for (int step = 0; step < 5; step++) {
        models[i].forward(data.batch(), true, 1000L + step);
        models[i].lossAndGradient(data.batch());
        models[i].backward(data.batch());
        optimizers[i].step(models[i].parameterBuffer(), models[i].gradientBuffer());
      }
    }
    Tolerance.assertWithin("parameters after 5 Adam steps with dropout",
        Models.all(models[0], models[0].parameterBuffer()),
        Models.all(models[1], models[1].parameterBuffer()), TRAINING_TOLERANCE);
  }

  @Test
  void aNetworkItsGradientsOptimizerStateAndArenaShareOneAllocation() {
    try (CudaDevice device = CudaDevice.open(0)) {
      Model model = new DropoutMlpNet(device);
      model.reserve(512);
      Adam.lr(1e-3f).attach(device, model.parameterCount());
      assertEquals(1, device.memorySlabs());
    }
  }

  @Test
  void aSecondDeviceCompilesNothing(@TempDir Path cache) throws Exception {
    withCacheDirectory(cache, () -> {
      try (CudaDevice first = CudaDevice.open(0)) {
        runOneForward(first);
        assertEquals(2, first.kernelCompilations(), "the runtime's kernels and the network's");
      }
      try (Stream<Path> files = Files.list(cache)) {
        assertEquals(2, files.filter(f -> f.toString().endsWith(".ptx")).count(), "cached modules");
      }
      try (CudaDevice second = CudaDevice.open(0)) {
        runOneForward(second);
        assertEquals(0, second.kernelCompilations(), "compilations with a warm cache");
      }
    });
  }

  @Test
  void aDamagedCacheEntryIsCompiledAgain(@TempDir Path cache) throws Exception {
    withCacheDirectory(cache, () -> {
      try (CudaDevice first = CudaDevice.open(0)) {
        runOneForward(first);
      }
      try (Stream<Path> files = Files.list(cache)) {
        for (Path entry : files.filter(f -> f.toString().endsWith(".ptx")).toList()) {
          Files.writeString(entry, "not PTX");
        }
      }
      try (CudaDevice second = CudaDevice.open(0)) {
        runOneForward(second);
        assertEquals(2, second.kernelCompilations(), "both damaged modules compiled again");
      }
      try (CudaDevice third = CudaDevice.open(0)) {
        runOneForward(third);
        assertEquals(0, third.kernelCompilations(), "the repaired cache is used");
      }
    });
  }

  /** Work that may throw anything a test method may. */
  private interface CacheWork {
    void run() throws Exception;
  }

  /** Runs {@code work} with the kernel cache in {@code directory}, then restores the setting. */
  private static void withCacheDirectory(Path directory, CacheWork work) throws Exception {
    String previous = System.getProperty("hypercolumn.cuda.cache");
    System.setProperty("hypercolumn.cuda.cache", directory.toString());
    try {
      work.run();
    } finally {
      if (previous == null) {
        System.clearProperty("hypercolumn.cuda.cache");
      } else {
        System.setProperty("hypercolumn.cuda.cache", previous);
      }
    }
  }

  @Test
  void aKernelWithoutCudaSourceIsRejectedWithItsName() {
    FusedKernel hostOnly = new FusedKernel("host_only_kernel", 1) {
      @Override
      public void runOnHost(int fromRow, int toRow, Tensor[] tensors, int[] offsets, float[] scalars,
          long rngKey) {}
    };
    Tensor t = cuda.allocate(4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cuda.launch(hostOnly, 4, new Tensor[] {t}, new int[] {0}, new float[0], 0L));
    assertEquals("kernel host_only_kernel has no CUDA source: it was written for the host only"
        + " and cannot run on a GPU", e.getMessage());
  }

  private static void runOneForward(Device device) {
    Model model = new DropoutMlpNet(device);
    RandomBatch data = RandomBatch.of(model, 4, 1L);
    data.feed(model);
    model.forward(data.batch(), true, 1L);
    Models.output(model, data.batch());
  }
}
