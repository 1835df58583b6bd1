package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.runtime.train.Sgd;
import hypercolumn.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Heaviside unit trained with {@code Loss.PERCEPTRON}: the gradient is {@code (prediction -
 * target) / batch} times the input, so SGD with batch 1 and rate 1 is Rosenblatt's rule.
 */
class PerceptronTest {
  private static final float[] WEIGHT = {0.5f, -1.0f, 0.25f};
  private static final float BIAS = -0.125f;
  // Pre-activations 0.375, -0.875, 0 (exactly; the step maps 0 to 1) and -0.25.
  private static final float[] X = {
    1, 0, 0,
    0, 1, 1,
    0.25f, 0, 0,
    0, 0, -0.5f,
  };

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void outputIsTheStepOfThePreActivation(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = unit(device);
      model.reserve(4);
      model.setInput(X, 0, 4);
      model.forward(4, false, 0L);
      assertArrayEquals(new float[] {1, 0, 1, 0}, Models.output(model, 4));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void gradientIsThePerceptronRule(TestDevices kind) {
    float[] targets = {0, 0, 1, 1}; // wrong on samples 0 and 3
    try (Device device = kind.open()) {
      Model model = unit(device);
      model.reserve(4);
      model.setInput(X, 0, 4);
      model.setLabels(targets, 0, 4);
      model.forward(4, true, 0L);
      float[] predictions = Models.output(model, 4);
      assertEquals(0.5f, model.lossAndGradient(4), "the loss is the fraction of wrong outputs");
      model.backward(4);

      float[] weightGradient = new float[3];
      float biasGradient = 0;
      for (int i = 0; i < 4; i++) {
        float error = (predictions[i] - targets[i]) / 4;
        for (int j = 0; j < 3; j++) {
          weightGradient[j] += error * X[i * 3 + j];
        }
        biasGradient += error;
      }
      Tolerance.assertWithin("weight gradient", weightGradient, Models.gradientValues(model, "unit.weight"), 1e-7);
      Tolerance.assertWithin("bias gradient", new float[] {biasGradient}, Models.gradientValues(model, "unit.bias"), 1e-7);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void sgdWithBatchOneAndRateOneIsRosenblattsStep(TestDevices kind) {
    try (Device device = kind.open()) {
      Model model = unit(device);
      model.reserve(1);
      Optimizer sgd = Sgd.lr(1f);
      sgd.attach(device, model.parameterCount());
      // Sample 1 is predicted 0; with target 1 the rule adds the input to the weights.
      model.setInput(X, 3, 1);
      model.setLabels(new float[] {1}, 0, 1);
      model.forward(1, true, 0L);
      model.lossAndGradient(1);
      model.backward(1);
      sgd.step(model.parameterBuffer(), model.gradientBuffer());
      float[] expected = {WEIGHT[0] + X[3], WEIGHT[1] + X[4], WEIGHT[2] + X[5]};
      Tolerance.assertWithin("weights after one step", expected, Models.parameterValues(model, "unit.weight"), 1e-7);
      Tolerance.assertWithin("bias after one step", new float[] {BIAS + 1}, Models.parameterValues(model, "unit.bias"), 1e-7);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void learnsLogicalAnd(TestDevices kind) {
    float[] x = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1}; // third input is a constant 1
    float[] y = {0, 0, 0, 1};
    try (Device device = kind.open()) {
      Model model = new ThresholdUnitNet(device);
      model.initialize(1L);
      model.reserve(4);
      Optimizer sgd = Sgd.lr(0.5f);
      sgd.attach(device, model.parameterCount());
      // The perceptron convergence theorem bounds the mistakes on separable data; 50 epochs is ample.
      for (int epoch = 0; epoch < 50; epoch++) {
        for (int i = 0; i < 4; i++) {
          model.setInput(x, i * 3, 1);
          model.setLabels(y, i, 1);
          model.forward(1, true, 0L);
          model.lossAndGradient(1);
          model.backward(1);
          sgd.step(model.parameterBuffer(), model.gradientBuffer());
        }
      }
      model.setInput(x, 0, 4);
      model.setLabels(y, 0, 4);
      model.forward(4, false, 0L);
      assertArrayEquals(y, Models.output(model, 4), "AND after training");
      assertEquals(0f, model.loss(4));
    }
  }

  private static Model unit(Device device) {
    Model model = new ThresholdUnitNet(device);
    Models.setParameter(model, "unit.weight", WEIGHT);
    Models.setParameter(model, "unit.bias", new float[] {BIAS});
    return model;
  }
}
