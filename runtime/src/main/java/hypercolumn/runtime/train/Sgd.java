package hypercolumn.runtime.train;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} with dampening 0 and no weight decay:
 * {@code p -= lr * g}; with momentum {@code v = momentum * v + g} and {@code p -= lr * v}, or
 * with Nesterov {@code p -= lr * (g + momentum * v)}.
 *
 * <pre>{@code Sgd.lr(0.1f).momentum(0.9f).nesterov()}</pre>
 *
 * <p>The configuring methods return a new optimizer; the state lives in the instance that is
 * attached to a model.
 */
public final class Sgd implements Optimizer {
  private float learningRate;
  private final float momentum;
  private final boolean nesterov;
  private Device device;
  private Tensor velocity;
  private int count;

  private Sgd(float learningRate, float momentum, boolean nesterov) {
    this.learningRate = Hyperparameters.learningRate(learningRate);
    this.momentum = Hyperparameters.inUnitInterval("momentum", momentum);
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException(
          "Nesterov momentum needs momentum > 0, found momentum=" + momentum
              + "; call momentum(m) before nesterov()");
    }
    this.nesterov = nesterov;
  }

  /** Plain SGD with learning rate {@code lr}. */
  public static Sgd lr(float lr) {
    return new Sgd(lr, 0, false);
  }

  /** The same optimizer with momentum {@code 0 <= momentum < 1}. */
  public Sgd momentum(float momentum) {
    return new Sgd(learningRate, momentum, nesterov && momentum > 0);
  }

  /** The same optimizer with Nesterov momentum; needs {@link #momentum} set first. */
  public Sgd nesterov() {
    return new Sgd(learningRate, momentum, true);
  }

  @Override
  public void attach(Device device, int parameterCount) {
    Hyperparameters.checkCount(parameterCount);
    this.device = device;
    this.count = parameterCount;
    this.velocity = momentum > 0 ? device.allocate(parameterCount) : null;
  }

  @Override
  public void step(Tensor parameters, Tensor gradients) {
    if (device == null) {
      throw new IllegalStateException("attach(device, parameterCount) must come before step()");
    }
    device.sgdUpdate(parameters, gradients, velocity, count, learningRate, momentum, nesterov);
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(float learningRate) {
    this.learningRate = Hyperparameters.learningRate(learningRate);
  }

  @Override
  public String describe() {
    StringBuilder text = new StringBuilder("SGD(lr=").append(Hyperparameters.format(learningRate));
    if (momentum > 0) {
      text.append(", momentum=").append(Hyperparameters.format(momentum));
    }
    if (nesterov) {
      text.append(", nesterov=True");
    }
    return text.append(')').toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}

/** Checks and prints the optimizers' hyperparameters. */
final class Hyperparameters {
  private Hyperparameters() {}

  static float learningRate(float lr) {
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be a finite number > 0, found " + lr);
    }
    return lr;
  }

  static float inUnitInterval(String name, float value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), found " + value);
    }
    return value;
  }

  static float positive(String name, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, found " + value);
    }
    return value;
  }

  static void checkCount(int parameterCount) {
    if (parameterCount < 0) {
      throw new IllegalArgumentException("parameter count must be >= 0, found " + parameterCount);
    }
  }

  /** A float as Python prints it (shortest digits; {@code 1e-08} below 1e-4), as in PyTorch. */
  static String format(float value) {
    java.math.BigDecimal exact = new java.math.BigDecimal(Float.toString(value)).stripTrailingZeros();
    // Decide on the shortest decimal, not the float: 1e-4f lies just below 1e-4.
    double magnitude = Math.abs(exact.doubleValue());
    if (value == 0 || (magnitude >= 1e-4 && magnitude < 1e16)) {
      String plain = exact.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    int exponent = exact.precision() - exact.scale() - 1;
    String digits = exact.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
  }
}
