package hypercolumn.runtime.train;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/**
 * Adam as {@code torch.optim.Adam} (no weight decay, not amsgrad): {@code m = beta1 * m + (1 -
 * beta1) * g}, {@code v = beta2 * v + (1 - beta2) * g^2}, {@code p -= lr / bc1 * m / (sqrt(v) /
 * sqrt(bc2) + eps)} with bias corrections {@code bc_i = 1 - beta_i^t}. Defaults as PyTorch:
 * betas (0.9, 0.999), eps 1e-8.
 *
 * <pre>{@code Adam.lr(1e-3f)}</pre>
 */
public final class Adam extends FlatBufferOptimizer {
  private final float beta1;
  private final float beta2;
  private final float eps;
  private int step;

  private Adam(float learningRate, float beta1, float beta2, float eps) {
    super(learningRate);
    this.beta1 = Hyperparameters.inUnitInterval("beta1", beta1);
    this.beta2 = Hyperparameters.inUnitInterval("beta2", beta2);
    this.eps = Hyperparameters.positive("eps", eps);
  }

  /**
   * {@return Adam with learning rate {@code lr} and PyTorch's other defaults}
   *
   * @param lr the learning rate, a finite number above 0
   * @throws IllegalArgumentException if {@code lr} is not a finite number above 0
   */
  public static Adam lr(float lr) {
    return new Adam(lr, 0.9f, 0.999f, 1e-8f);
  }

  /**
   * The same optimizer with other moment decay rates, PyTorch's {@code betas}.
   *
   * @param beta1 the decay of the first moment (the mean), in {@code [0, 1)}
   * @param beta2 the decay of the second moment (the uncentred variance), in {@code [0, 1)}
   * @return a new optimizer, not attached; this one is unchanged
   * @throws IllegalArgumentException if a rate is outside {@code [0, 1)}
   */
  public Adam betas(float beta1, float beta2) {
    return new Adam(learningRate(), beta1, beta2, eps);
  }

  /**
   * The same optimizer with another term added to the denominator for stability.
   *
   * @param eps a finite number above 0
   * @return a new optimizer, not attached; this one is unchanged
   * @throws IllegalArgumentException if {@code eps} is not a finite number above 0
   */
  public Adam eps(float eps) {
    return new Adam(learningRate(), beta1, beta2, eps);
  }

  @Override
  int stateFloatsPerParameter() {
    return 2; // m, then v
  }

  @Override
  void reset() {
    step = 0;
  }

  @Override
  void update(Device device, Tensor parameters, Tensor gradients, Tensor state, int count, float lr) {
    step++;
    device.adamUpdate(parameters, gradients, state, count, lr, beta1, beta2, eps, step);
  }

  /** {@return the steps taken since {@link #attach}, the {@code t} of the bias corrections} */
  public int steps() {
    return step;
  }

  @Override
  public String describe() {
    return "Adam(lr=" + Hyperparameters.format(learningRate())
        + ", betas=(" + Hyperparameters.format(beta1) + ", " + Hyperparameters.format(beta2)
        + "), eps=" + Hyperparameters.format(eps) + ")";
  }
}
