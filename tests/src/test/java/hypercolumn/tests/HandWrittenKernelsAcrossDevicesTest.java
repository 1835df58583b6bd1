package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static hypercolumn.tests.DeviceArrays.gaussian;
import static hypercolumn.tests.DeviceArrays.read;
import static hypercolumn.tests.DeviceArrays.tensor;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The losses, the regularizer and the optimizer updates are written by hand twice, in Java for
 * the CPU (vectorized and split over threads) and in {@code runtime_kernels.cu} for CUDA (block
 * reductions with strided partial sums): the generated kernels are element-wise and have no
 * reductions or Vector API loops to express them with. Their oracles are the double references of {@code LossOperationsOracleTest} and
 * {@code OptimizerUpdatesOracleTest}; this is the second check the design asks of code kept by
 * hand on two devices: the same inputs give the same values and gradients on both, within float
 * rounding of a differently ordered sum. Counts above 1024 reach the CUDA reductions' partial
 * sums and the CPU's thread split.
 */
class HandWrittenKernelsAcrossDevicesTest extends CpuAgainstCudaTest {
  /** Means and gradients of order 1 summed in different orders, as a fraction of max(1, value). */
  private static final double AGREEMENT = 1e-6;

  private interface Loss {
    void run(Device device, Tensor input, Tensor targets, Tensor gradient, Tensor result);
  }

  @ParameterizedTest(name = "{0} rows")
  @ValueSource(ints = {3, 1500})
  void everyLossGivesTheSameValueAndGradientOnBothDevices(int rows) {
    Random random = new Random(rows);
    int classes = 10;
    int count = rows * classes;
    float[] scores = gaussian(random, count, 3);
    float[] probabilities = new float[count];
    float[] labels = new float[rows];
    float[] zeroOne = new float[count];
    float[] outputs = new float[count];
    for (int r = 0; r < rows; r++) {
      labels[r] = random.nextInt(classes);
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(scores[r * classes + c]);
      }
      for (int c = 0; c < classes; c++) {
        probabilities[r * classes + c] = (float) (Math.exp(scores[r * classes + c]) / sum);
      }
    }
    for (int i = 0; i < count; i++) {
      zeroOne[i] = random.nextBoolean() ? 1f : 0f;
      outputs[i] = random.nextBoolean() ? 1f : 0f;
    }
    agree("softmax cross-entropy", scores, labels, count, (d, x, t, g, res) ->
        d.softmaxCrossEntropy(x, 0, t, 0, rows, classes, false, g, 0, res, 1));
    agree("cross-entropy of probabilities", probabilities, labels, count, (d, x, t, g, res) ->
        d.softmaxCrossEntropy(x, 0, t, 0, rows, classes, true, g, 0, res, 1));
    agree("binary cross-entropy", scores, zeroOne, count, (d, x, t, g, res) ->
        d.binaryCrossEntropyWithLogits(x, 0, t, 0, count, g, 0, res, 1));
    agree("mean squared error", scores, probabilities, count, (d, x, t, g, res) ->
        d.meanSquaredError(x, 0, t, 0, count, g, 0, res, 1));
    agree("perceptron criterion", outputs, zeroOne, count, (d, x, t, g, res) ->
        d.perceptronCriterion(x, 0, t, 0, rows, classes, g, 0, res, 1));
  }

  /** Runs {@code loss} on both devices with and without the gradient; results land in slot 1. */
  private static void agree(String what, float[] input, float[] targets, int count, Loss loss) {
    float[][] onCpu = run(cpu, input, targets, count, loss);
    float[][] onCuda = run(cuda, input, targets, count, loss);
    assertWithin(what + ": value", onCpu[0], onCuda[0], AGREEMENT);
    assertWithin(what + ": value without the gradient", onCpu[1], onCuda[1], AGREEMENT);
    assertWithin(what + ": gradient", onCpu[2], onCuda[2], AGREEMENT);
  }

  private static float[][] run(Device device, float[] input, float[] targets, int count, Loss loss) {
    float[] sentinels = {7f, -1f, 7f};
    Tensor x = tensor(device, input);
    Tensor t = tensor(device, targets);
    Tensor gradient = tensor(device, new float[count]);
    Tensor withGradient = tensor(device, sentinels);
    Tensor withoutGradient = tensor(device, sentinels);
    loss.run(device, x, t, gradient, withGradient);
    loss.run(device, x, t, null, withoutGradient);
    return new float[][] {read(device, withGradient), read(device, withoutGradient), read(device, gradient)};
  }

  @ParameterizedTest(name = "{0} parameters")
  @ValueSource(ints = {777, 200_000})
  void theRegularizerAddsTheSamePenaltyAndGradientsOnBothDevices(int count) {
    Random random = new Random(count);
    float[] weights = gaussian(random, count + 5, 1);
    float[] gradients = gaussian(random, count + 5, 1);
    float[][] onCpu = regularize(cpu, weights, gradients, count);
    float[][] onCuda = regularize(cuda, weights, gradients, count);
    assertWithin("penalty, as a fraction of itself", 1, (double) onCuda[0][0] / onCpu[0][0], AGREEMENT);
    assertWithin("gradients", onCpu[1], onCuda[1], AGREEMENT);
  }

  private static float[][] regularize(Device device, float[] weights, float[] gradients, int count) {
    Tensor w = tensor(device, weights);
    Tensor g = tensor(device, gradients);
    Tensor result = tensor(device, new float[1]);
    device.regularize(w, g, 5, count, 1e-3f, 5e-4f, result, 0);
    return new float[][] {read(device, result), read(device, g)};
  }

  @ParameterizedTest(name = "{0} parameters")
  @ValueSource(ints = {777, 200_000})
  void everyOptimizerTakesTheSameThreeStepsOnBothDevices(int count) {
    for (String rule : new String[] {"sgd", "momentum", "nesterov", "rmsprop", "rmsprop-momentum", "adam"}) {
      float[][] onCpu = threeSteps(cpu, rule, count);
      float[][] onCuda = threeSteps(cuda, rule, count);
      assertWithin(rule + ": parameters", onCpu[0], onCuda[0], AGREEMENT);
      assertWithin(rule + ": state", onCpu[1], onCuda[1], AGREEMENT);
    }
  }

  private static float[][] threeSteps(Device device, String rule, int count) {
    Random random = new Random(count);
    Tensor parameters = tensor(device, gaussian(random, count, 1));
    Tensor state = tensor(device, new float[2 * count]);
    for (int step = 1; step <= 3; step++) {
      Tensor gradients = tensor(device, gaussian(random, count, 1));
      float lr = 0.1f / step;
      switch (rule) {
        case "sgd" -> device.sgdUpdate(parameters, gradients, null, count, lr, 0f, false);
        case "momentum" -> device.sgdUpdate(parameters, gradients, state, count, lr, 0.9f, false);
        case "nesterov" -> device.sgdUpdate(parameters, gradients, state, count, lr, 0.9f, true);
        case "rmsprop" -> device.rmsPropUpdate(parameters, gradients, state, count, lr, 0.99f, 1e-8f, 0f);
        case "rmsprop-momentum" -> device.rmsPropUpdate(parameters, gradients, state, count, lr, 0.99f, 1e-8f, 0.9f);
        case "adam" -> device.adamUpdate(parameters, gradients, state, count, lr, 0.9f, 0.999f, 1e-8f, step);
        default -> throw new IllegalArgumentException("Expected an update rule, found " + rule);
      }
    }
    return new float[][] {read(device, parameters), read(device, state)};
  }
}
