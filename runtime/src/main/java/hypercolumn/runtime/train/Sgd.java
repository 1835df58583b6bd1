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
public final class Sgd extends FlatBufferOptimizer {
  private final float momentum;
  private final boolean nesterov;

  private Sgd(float learningRate, float momentum, boolean nesterov) {
    super(learningRate);
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
    return new Sgd(learningRate(), momentum, nesterov && momentum > 0);
  }

  /** The same optimizer with Nesterov momentum; needs {@link #momentum} set first. */
  public Sgd nesterov() {
    return new Sgd(learningRate(), momentum, true);
  }

  @Override
  int stateFloatsPerParameter() {
    return momentum > 0 ? 1 : 0; // the velocity
  }

  @Override
  void update(Device device, Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr) {
    device.sgdUpdate(parameters, gradients, velocity, count, lr, momentum, nesterov);
  }

  @Override
  public String describe() {
    StringBuilder text = new StringBuilder("SGD(lr=").append(Hyperparameters.format(learningRate()));
    if (momentum > 0) {
      text.append(", momentum=").append(Hyperparameters.format(momentum));
    }
    if (nesterov) {
      text.append(", nesterov=True");
    }
    return text.append(')').toString();
  }
}
