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

  /**
   * {@return plain SGD with learning rate {@code lr}, no momentum}
   *
   * @param lr the learning rate, a finite number above 0
   * @throws IllegalArgumentException if {@code lr} is not a finite number above 0
   */
  public static Sgd lr(float lr) {
    return new Sgd(lr, 0, false);
  }

  /**
   * The same optimizer with momentum; 0 also drops Nesterov.
   *
   * @param momentum in {@code [0, 1)}, 0 for none
   * @return a new optimizer, not attached; this one is unchanged
   * @throws IllegalArgumentException if {@code momentum} is outside {@code [0, 1)}
   */
  public Sgd momentum(float momentum) {
    return new Sgd(learningRate(), momentum, nesterov && momentum > 0);
  }

  /**
   * The same optimizer with Nesterov momentum, PyTorch's {@code nesterov=True}.
   *
   * @return a new optimizer, not attached; this one is unchanged
   * @throws IllegalArgumentException if no momentum was set first with {@link #momentum}
   */
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
