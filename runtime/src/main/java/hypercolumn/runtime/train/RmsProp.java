package hypercolumn.runtime.train;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/**
 * RMSprop as {@code torch.optim.RMSprop} (not centered, no weight decay): {@code s = alpha * s +
 * (1 - alpha) * g^2}, {@code p -= lr * g / (sqrt(s) + eps)}; with momentum {@code b = momentum
 * * b + g / (sqrt(s) + eps)}, {@code p -= lr * b}. Defaults as PyTorch: alpha 0.99, eps 1e-8.
 *
 * <pre>{@code RmsProp.lr(1e-3f).alpha(0.9f)}</pre>
 */
public final class RmsProp implements Optimizer {
  private float learningRate;
  private final float alpha;
  private final float eps;
  private final float momentum;
  private Device device;
  private Tensor state;
  private int count;

  private RmsProp(float learningRate, float alpha, float eps, float momentum) {
    this.learningRate = Hyperparameters.learningRate(learningRate);
    this.alpha = Hyperparameters.inUnitInterval("alpha", alpha);
    this.eps = Hyperparameters.positive("eps", eps);
    this.momentum = Hyperparameters.inUnitInterval("momentum", momentum);
  }

  /** RMSprop with learning rate {@code lr} and PyTorch's other defaults. */
  public static RmsProp lr(float lr) {
    return new RmsProp(lr, 0.99f, 1e-8f, 0);
  }

  /** The same optimizer with smoothing constant {@code 0 <= alpha < 1}. */
  public RmsProp alpha(float alpha) {
    return new RmsProp(learningRate, alpha, eps, momentum);
  }

  /** The same optimizer with {@code eps > 0}, added outside the square root. */
  public RmsProp eps(float eps) {
    return new RmsProp(learningRate, alpha, eps, momentum);
  }

  /** The same optimizer with momentum {@code 0 <= momentum < 1}. */
  public RmsProp momentum(float momentum) {
    return new RmsProp(learningRate, alpha, eps, momentum);
  }

  @Override
  public void attach(Device device, int parameterCount) {
    Hyperparameters.checkCount(parameterCount);
    this.device = device;
    this.count = parameterCount;
    this.state = device.allocate(momentum > 0 ? 2 * parameterCount : parameterCount);
  }

  @Override
  public void step(Tensor parameters, Tensor gradients) {
    if (device == null) {
      throw new IllegalStateException("attach(device, parameterCount) must come before step()");
    }
    device.rmsPropUpdate(parameters, gradients, state, count, learningRate, alpha, eps, momentum);
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
    String text = "RMSprop(lr=" + Hyperparameters.format(learningRate)
        + ", alpha=" + Hyperparameters.format(alpha) + ", eps=" + Hyperparameters.format(eps);
    if (momentum > 0) {
      text += ", momentum=" + Hyperparameters.format(momentum);
    }
    return text + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
