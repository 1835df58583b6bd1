package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static hypercolumn.tests.DeviceArrays.gaussian;
import static hypercolumn.tests.DeviceArrays.read;
import static hypercolumn.tests.DeviceArrays.slice;
import static hypercolumn.tests.DeviceArrays.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device's optimizer updates, called directly, against the update rules of {@code Device}'s
 * javadoc (PyTorch's) computed here in double: three steps with a new gradient and learning
 * rate each, so a rate or an Adam step count kept from the first call fails, and the state
 * checked after every step. Some gradients are as small as 1e-9, where eps dominates RMSprop's
 * and Adam's denominators, so a wrong eps or a misplaced one fails too. The counts are 777 and
 * 200000: the CPU device splits the larger one into eight ranges run on two threads. (This
 * module's JVM has no jdk.incubator.vector, so the CPU device runs the scalar loops here; the
 * runtime module's {@code VectorAdamOracleTest} holds the Vector API Adam to the same rule.)
 */
class OptimizerUpdatesOracleTest {
  private static final float[] LEARNING_RATES = {0.1f, 0.05f, 0.02f};
  /** Parameters of order 1 after float32 updates, as a fraction of max(1, max|value|). */
  private static final double UPDATE = 1e-6;

  enum Rule { SGD, MOMENTUM, NESTEROV, RMSPROP, RMSPROP_MOMENTUM, ADAM }

  static Stream<Arguments> rulesOnDevices() {
    return Stream.of(Rule.values()).flatMap(rule -> TestDevices.all().flatMap(
        device -> Stream.of(Arguments.of(rule, device, 777), Arguments.of(rule, device, 200_000))));
  }

  @ParameterizedTest(name = "{0} on {1}, {2} parameters")
  @MethodSource("rulesOnDevices")
  void threeStepsFollowTheUpdateRule(Rule rule, TestDevices kind, int count) {
    Random random = new Random(count + rule.ordinal());
    float[] start = gaussian(random, count, 1);
    float momentum = 0.9f;
    float alpha = 0.99f;
    float eps = 1e-8f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    double[] p = slice(start, 0, count);
    double[] first = new double[count];  // velocity, RMSprop's square average, Adam's m
    double[] second = new double[count]; // RMSprop's momentum buffer, Adam's v
    float[] sentinel = new float[2 * count]; // zero state; RMSprop alone must leave 42s after it
    java.util.Arrays.fill(sentinel, count, 2 * count, rule == Rule.RMSPROP ? 42f : 0f);
    try (Device device = kind.open()) {
      Tensor parameters = tensor(device, start);
      Tensor state = tensor(device, sentinel);
      for (int step = 1; step <= 3; step++) {
        float[] g = gaussian(random, count, 1);
        for (int i = 0; i < count; i += 7) {
          g[i] *= 1e-9f;
        }
        float lr = LEARNING_RATES[step - 1];
        Tensor gradients = tensor(device, g);
        switch (rule) {
          case SGD -> device.sgdUpdate(parameters, gradients, null, count, lr, 0f, false);
          case MOMENTUM, NESTEROV -> device.sgdUpdate(parameters, gradients, state, count, lr,
              momentum, rule == Rule.NESTEROV);
          case RMSPROP -> device.rmsPropUpdate(parameters, gradients, state, count, lr, alpha,
              eps, 0f);
          case RMSPROP_MOMENTUM -> device.rmsPropUpdate(parameters, gradients, state, count, lr,
              alpha, eps, momentum);
          case ADAM -> device.adamUpdate(parameters, gradients, state, count, lr, beta1, beta2,
              eps, step);
        }
        for (int i = 0; i < count; i++) {
          double gi = g[i];
          switch (rule) {
            case SGD -> p[i] -= lr * gi;
            case MOMENTUM, NESTEROV -> {
              first[i] = momentum * first[i] + gi;
              p[i] -= lr * (rule == Rule.NESTEROV ? gi + momentum * first[i] : first[i]);
            }
            case RMSPROP, RMSPROP_MOMENTUM -> {
              first[i] = alpha * first[i] + (1 - (double) alpha) * gi * gi;
              double average = Math.sqrt(first[i]) + eps;
              if (rule == Rule.RMSPROP) {
                p[i] -= lr * gi / average;
              } else {
                second[i] = momentum * second[i] + gi / average;
                p[i] -= lr * second[i];
              }
            }
            case ADAM -> {
              first[i] = beta1 * first[i] + (1 - (double) beta1) * gi;
              second[i] = beta2 * second[i] + (1 - (double) beta2) * gi * gi;
              double bc1 = 1 - Math.pow(beta1, step);
              double bc2 = 1 - Math.pow(beta2, step);
              p[i] -= lr / bc1 * first[i] / (Math.sqrt(second[i]) / Math.sqrt(bc2) + eps);
            }
          }
        }
        String what = rule + " step " + step;
        assertWithin(what + ": parameters", p, read(device, parameters), UPDATE);
        checkState(what, rule, read(device, state), first, second, count);
      }
    }
  }

  /**
   * The state as the javadoc lays it out: the first buffer in {@code [0, count)}, the second (if
   * the rule has one) in {@code [count, 2 count)}; RMSprop without momentum leaves the second
   * half alone. The second moments are of order 1e-3, so they are compared scaled by 1000.
   */
  private static void checkState(String what, Rule rule, float[] state, double[] first,
      double[] second, int count) {
    if (rule == Rule.SGD) {
      assertWithin(what + ": velocity, unused", new double[2 * count], state, 0);
      return;
    }
    assertWithin(what + ": first state buffer", first, slice(state, 0, count), UPDATE);
    switch (rule) {
      case MOMENTUM, NESTEROV -> assertWithin(what + ": beyond the velocity",
          new double[count], slice(state, count, count), 0);
      case RMSPROP -> {
        for (int i = count; i < 2 * count; i++) {
          assertEquals(42f, state[i], what + ": state beyond the square averages, element " + i);
        }
      }
      case RMSPROP_MOMENTUM -> assertWithin(what + ": momentum buffer", second,
          slice(state, count, count), UPDATE);
      case ADAM -> {
        double[] expected = new double[count];
        double[] actual = new double[count];
        for (int i = 0; i < count; i++) {
          expected[i] = 1000 * second[i];
          actual[i] = 1000 * (double) state[count + i];
        }
        assertWithin(what + ": second moments, times 1000", expected, actual, UPDATE);
      }
      default -> throw new AssertionError(rule);
    }
  }
}
