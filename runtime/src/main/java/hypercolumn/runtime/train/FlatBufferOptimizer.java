package hypercolumn.runtime.train;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/**
 * What every optimizer of the runtime shares: a learning rate that schedules may change, and
 * state (velocities, moments) in one tensor on the model's device, updated by one fused device
 * call per step over the whole flat parameter buffer.
 */
abstract class FlatBufferOptimizer implements Optimizer {
  private float learningRate;
  private Device device;
  private Tensor state;
  private int count;

  FlatBufferOptimizer(float learningRate) {
    this.learningRate = Hyperparameters.learningRate(learningRate);
  }

  /** Floats of state per parameter: 0 for plain SGD, 2 for Adam's two moments. */
  abstract int stateFloatsPerParameter();

  /** One update of {@code count} parameters through the device's fused kernel. */
  abstract void update(
      Device device, Tensor parameters, Tensor gradients, Tensor state, int count, float learningRate);

  /** Called by {@link #attach} once the state is fresh, for optimizers that count steps. */
  void reset() {}

  @Override
  public final void attach(Device device, int parameterCount) {
    Hyperparameters.checkCount(parameterCount);
    int floats = stateFloatsPerParameter();
    this.device = device;
    this.count = parameterCount;
    this.state = floats == 0 ? null : device.allocate(Math.multiplyExact(floats, parameterCount));
    reset();
  }

  @Override
  public final void step(Tensor parameters, Tensor gradients) {
    if (device == null) {
      throw new IllegalStateException("attach(device, parameterCount) must come before step()");
    }
    update(device, parameters, gradients, state, count, learningRate);
  }

  @Override
  public final float learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(float learningRate) {
    this.learningRate = Hyperparameters.learningRate(learningRate);
  }

  @Override
  public final String toString() {
    return describe();
  }
}
