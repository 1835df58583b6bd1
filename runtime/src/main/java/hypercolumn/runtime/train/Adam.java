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

  /** Adam with learning rate {@code lr} and PyTorch's other defaults. */
  public static Adam lr(float lr) {
    return new Adam(lr, 0.9f, 0.999f, 1e-8f);
  }

  /** The same optimizer with moment decay rates, each in {@code [0, 1)}. */
  public Adam betas(float beta1, float beta2) {
    return new Adam(learningRate(), beta1, beta2, eps);
  }

  /** The same optimizer with {@code eps > 0}. */
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

  /** Steps taken since {@link #attach}. */
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
