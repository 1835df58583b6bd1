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
public final class RmsProp extends FlatBufferOptimizer {
  private final float alpha;
  private final float eps;
  private final float momentum;

  private RmsProp(float learningRate, float alpha, float eps, float momentum) {
    super(learningRate);
    this.alpha = Hyperparameters.inUnitInterval("alpha", alpha);
    this.eps = Hyperparameters.positive("eps", eps);
    this.momentum = Hyperparameters.inUnitInterval("momentum", momentum);
  }

  /**
   * {@return RMSprop with learning rate {@code lr} and PyTorch's other defaults}
   *
   * @param lr the learning rate, a finite number above 0
   * @throws IllegalArgumentException if {@code lr} is not a finite number above 0
   */
  public static RmsProp lr(float lr) {
    return new RmsProp(lr, 0.99f, 1e-8f, 0);
  }

  /**
   * The same optimizer with another smoothing constant of the squared gradients' average.
   *
   * @param alpha in {@code [0, 1)}
   * @return a new optimizer, not attached; this one is unchanged
   * @throws IllegalArgumentException if {@code alpha} is outside {@code [0, 1)}
   */
  public RmsProp alpha(float alpha) {
    return new RmsProp(learningRate(), alpha, eps, momentum);
  }

  /**
   * The same optimizer with another term added to the denominator, outside the square root.
   *
   * @param eps a finite number above 0
   * @return a new optimizer, not attached; this one is unchanged
   * @throws IllegalArgumentException if {@code eps} is not a finite number above 0
   */
  public RmsProp eps(float eps) {
    return new RmsProp(learningRate(), alpha, eps, momentum);
  }

  /**
   * The same optimizer with momentum.
   *
   * @param momentum in {@code [0, 1)}, 0 for none
   * @return a new optimizer, not attached; this one is unchanged
   * @throws IllegalArgumentException if {@code momentum} is outside {@code [0, 1)}
   */
  public RmsProp momentum(float momentum) {
    return new RmsProp(learningRate(), alpha, eps, momentum);
  }

  @Override
  int stateFloatsPerParameter() {
    return momentum > 0 ? 2 : 1; // square averages, then the momentum buffer
  }

  @Override
  void update(Device device, Tensor parameters, Tensor gradients, Tensor state, int count, float lr) {
    device.rmsPropUpdate(parameters, gradients, state, count, lr, alpha, eps, momentum);
  }

  @Override
  public String describe() {
    String text = "RMSprop(lr=" + Hyperparameters.format(learningRate())
        + ", alpha=" + Hyperparameters.format(alpha) + ", eps=" + Hyperparameters.format(eps);
    if (momentum > 0) {
      text += ", momentum=" + Hyperparameters.format(momentum);
    }
    return text + ")";
  }
}
