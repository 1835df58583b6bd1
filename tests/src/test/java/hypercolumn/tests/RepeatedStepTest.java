package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.RepeatedStep;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Evaluation;
import hypercolumn.runtime.train.History;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Regularization;
import hypercolumn.runtime.train.Trainer;
import hypercolumn.testing.Tolerance;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * Training steps recorded as CUDA graphs and replayed: a fit on the CUDA device, whose steps are
 * replayed graphs after two repetitions of each batch size, matches the CPU; replays read each
 * step's own random keys and Adam step (bit for bit what running every call gives); evaluation
 * and prediction, which queue a batch before reading the one before, match the CPU; a replay
 * that differs from its recording, and a call that would wait inside a step, are refused, and
 * the device works on afterwards.
 */
class RepeatedStepTest extends CpuAgainstCudaTest {
  /**
   * Of the largest magnitude of the CPU's values (at least 1): a fit compounds each operation's
   * rounding over its steps, so more room than one operation needs.
   */
  private static final double TOLERANCE = 5e-6;

  @Test
  void aFitOfReplayedGraphsMatchesTheCpu() {
    // 100 samples in batches of 32: keys 32 and 4 (the last batch), each replayed from its third repetition.
    Dataset data = data(100);
    Model onCpu = new DropoutMlpNet(cpu);
    Model onGpu = new DropoutMlpNet(cuda);
    int graphsBefore = cuda.stepCaptures();
    int replaysBefore = cuda.stepReplays();
    History cpuHistory = fit(onCpu, data);
    History gpuHistory = fit(onGpu, data);

    assertEquals(2, cuda.stepCaptures() - graphsBefore, "graphs captured: one per batch size");
    // 4 epochs x 4 steps = 16 steps; each key warms up once and is captured once.
    assertEquals(12, cuda.stepReplays() - replaysBefore, "steps replayed");
    assertClose(cpuHistory.loss(), gpuHistory.loss(), "loss per epoch");
    assertClose(cpuHistory.accuracy(), gpuHistory.accuracy(), "accuracy per epoch");
    assertClose(weights(onCpu), weights(onGpu), "weights after the fit");
  }

  @Test
  void evaluationAndPredictionQueueEachBatchBeforeReadingTheLastAndMatchTheCpu() {
    // 70 samples in batches of 32: three batches, the last of 6, each queued before the
    // results of the one before are read.
    Dataset data = data(100);
    Dataset held = data(70);
    Model onCpu = new DropoutMlpNet(cpu);
    Model onGpu = new DropoutMlpNet(cuda);
    Trainer cpuTrainer = trainer(onCpu).validation(held);
    Trainer gpuTrainer = trainer(onGpu).validation(held);
    History cpuHistory = cpuTrainer.fit(data);
    History gpuHistory = gpuTrainer.fit(data);
    assertClose(cpuHistory.validationLoss(), gpuHistory.validationLoss(), "validation loss per epoch");
    assertClose(cpuHistory.validationAccuracy(), gpuHistory.validationAccuracy(),
        "validation accuracy per epoch");

    Evaluation cpuEvaluation = cpuTrainer.evaluate(held);
    Evaluation gpuEvaluation = gpuTrainer.evaluate(held);
    assertEquals(70, gpuEvaluation.samples());
    assertClose(new double[] {cpuEvaluation.loss(), cpuEvaluation.accuracy()},
        new double[] {gpuEvaluation.loss(), gpuEvaluation.accuracy()}, "evaluation");
    float[] cpuPredictions = cpuTrainer.predict(held);
    assertEquals(70 * 3, cpuPredictions.length);
    assertClose(cpuPredictions, gpuTrainer.predict(held), "predictions of a data set");
    assertClose(cpuPredictions, gpuTrainer.predict(held.features(), 70), "predictions of an array");
    assertNull(cuda.hostView(held.features()), "a GPU has no host view: its predictions upload the array");
  }

  @Test
  void replaysReadEachStepsKeyAndAdamStepAsRunningEveryCallDoes() {
    Dataset data = data(64);
    Model replayed = new DropoutMlpNet(cuda);
    Model run = new DropoutMlpNet(cuda);
    float[] x = new float[32 * 4];
    float[] y = new float[32];
    data.copyRange(0, 32, x, y);
    Optimizer[] adams = {Adam.lr(0.05f), Adam.lr(0.05f)};
    Model[] models = {replayed, run};
    Tensor results = cuda.allocate(1);
    RepeatedStep step = cuda.repeatedStep();
    for (int m = 0; m < 2; m++) {
      models[m].initialize(5);
      models[m].reserve(32);
      models[m].setInput(x, 0, 32);
      models[m].setLabels(y, 0, 32);
      adams[m].attach(cuda, models[m].parameterCount());
    }
    for (int s = 0; s < 6; s++) {
      long key = Rng.key(11, 1, s);
      step.begin(32);
      trainStep(replayed, adams[0], key, results);
      step.end();
      trainStep(run, adams[1], key, results);
    }
    step.close();
    assertArrayEquals(weights(run), weights(replayed),
        "six steps with a new dropout key and Adam step each: replayed graph against every call run");
  }

  @Test
  void aReplayThatDiffersIsRefusedAndTheDeviceWorksOn() {
    Tensor t = cuda.allocate(8);
    RepeatedStep step = cuda.repeatedStep();
    for (int i = 0; i < 2; i++) { // a warm-up, then the capture
      step.begin(7);
      cuda.fill(t, 0, 4, 1f);
      step.end();
    }
    step.begin(7);
    IllegalStateException changed = assertThrows(IllegalStateException.class, () -> cuda.fill(t, 0, 5, 1f));
    assertTrue(changed.getMessage().contains("repeated step 7: call 1 (fill) differs from the recorded step in argument 1"
        + " (recorded 4, now 5)"), changed.getMessage());
    step.abandon();

    step.begin(8);
    IllegalStateException waits = assertThrows(IllegalStateException.class,
        () -> cuda.download(t, 0, new float[1], 0, 1));
    assertTrue(waits.getMessage().startsWith("download inside a repeated step"), waits.getMessage());
    step.abandon();

    cuda.fill(t, 0, 8, 2.5f); // runs at once again
    float[] back = new float[8];
    cuda.download(t, 0, back, 0, 8);
    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f}, back);
    step.close();
  }

  @Test
  void aLossThatReturnsItsValueIsRefusedInsideAStepAndWorksAfterIt() {
    Tensor y = cuda.allocate(4);
    Tensor zeros = cuda.allocate(4);
    cuda.upload(new float[] {1f, 2f, 3f, 4f}, 0, y, 0, 4);
    RepeatedStep step = cuda.repeatedStep();
    step.begin(9);
    IllegalStateException loss = assertThrows(IllegalStateException.class,
        () -> cuda.meanSquaredError(y, 0, zeros, 0, 4, null, 0));
    assertTrue(loss.getMessage().startsWith("meanSquaredError returning its value inside a repeated step"),
        loss.getMessage());
    IllegalStateException penalty = assertThrows(IllegalStateException.class,
        () -> cuda.regularize(y, zeros, 0, 4, 0f, 1f));
    assertTrue(penalty.getMessage().startsWith("regularize returning its value inside a repeated step"),
        penalty.getMessage());
    step.abandon();
    // (1 + 4 + 9 + 16) / 4, summed here in double: the refused calls queued nothing.
    double expected = (1.0 + 4.0 + 9.0 + 16.0) / 4;
    assertEquals(expected, cuda.meanSquaredError(y, 0, zeros, 0, 4, null, 0), 0.0);
    step.close();
  }

  @Test
  void aHostCopyDeliversWhatTheDeviceHeldWhenItWasStarted() {
    Tensor t = cuda.allocate(4);
    cuda.upload(new float[] {1f, -2f, 3.5f, 4f}, 0, t, 0, 4);
    try (HostCopy copy = cuda.hostCopy(3)) {
      copy.start(t, 1, 3);
      cuda.fill(t, 0, 4, 0f); // queued after the copy: does not reach it
      float[] values = copy.await();
      assertEquals(-2f, values[0]);
      assertEquals(3.5f, values[1]);
      assertEquals(4f, values[2]);
      IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> copy.start(t, 0, 4));
      assertEquals("a host copy of capacity 3 cannot take 4 floats", tooMany.getMessage());
    }
  }

  private static void trainStep(Model model, Optimizer adam, long key, Tensor results) {
    model.forward(32, true, key);
    model.lossAndGradient(32, results, 0);
    model.backward(32);
    adam.step(model.parameterBuffer(), model.gradientBuffer());
  }

  private static History fit(Model model, Dataset data) {
    return trainer(model).fit(data);
  }

  private static Trainer trainer(Model model) {
    model.initialize(3);
    return Trainer.of(model).optimizer(Adam.lr(0.02f)).batchSize(32).epochs(4).seed(9)
        .regularization(Regularization.l2(1e-3f))
        .progress(new PrintStream(OutputStream.nullOutputStream()));
  }

  private static Dataset data(int n) {
    float[] x = new float[n * 4];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = 2 * Rng.uniform(21, i * 4L + j) - 1;
      }
      y[i] = x[i * 4] + x[i * 4 + 1] > 0.3f ? 2 : x[i * 4 + 2] > 0 ? 1 : 0;
    }
    return Dataset.of(x, new int[] {4}, y, 1);
  }

  private static float[] weights(Model model) {
    float[] values = new float[model.parameterCount()];
    model.device().download(model.parameterBuffer(), 0, values, 0, values.length);
    return values;
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    Tolerance.assertWithin(what + ", CUDA against the CPU", expected, actual, TOLERANCE);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    Tolerance.assertWithin(what + ", CUDA against the CPU", expected, actual, TOLERANCE);
  }
}
