package hypercolumn.runtime.train;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/**
 * Updates the trainable range {@code [0, parameterCount)} of a model's flat parameter buffer from
 * its gradient buffer in one pass, with PyTorch's update rule for the same hyperparameters. An
 * optimizer keeps its state (velocities, moments) in one tensor of the model's device, allocated
 * by {@link #attach}. A model's state tensors lie after that range, and the trainer hides frozen
 * layers' gradients from it, so a rule must leave a parameter and its zero state unchanged where
 * the gradient is zero.
 */
public interface Optimizer {

  /**
   * Allocates zero state for the first {@code parameterCount} parameters on {@code device}, and
   * restarts the step count; the trainer calls it at the start of every fit, with the end of
   * the range it trains.
   *
   * @param device the model's device, which holds the state and runs the updates
   * @param parameterCount the number of parameters updated, from float 0 of the buffer
   * @throws IllegalArgumentException if {@code parameterCount} is negative
   */
  void attach(Device device, int parameterCount);

  /**
   * One update step, {@code optimizer.step()} in PyTorch; the first call after {@link #attach}
   * is step 1.
   *
   * @param parameters the model's parameter buffer, updated in place
   * @param gradients the model's gradient buffer, laid out as {@code parameters}
   * @throws IllegalStateException if {@link #attach} was not called first
   */
  void step(Tensor parameters, Tensor gradients);

  /** {@return the learning rate the next step uses} */
  float learningRate();

  /**
   * Changes the learning rate from the next step on (for schedules), keeping the state.
   *
   * @param learningRate the new rate, a finite number above 0
   * @throws IllegalArgumentException if the rate is not a finite number above 0
   */
  void setLearningRate(float learningRate);

  /**
   * {@return one line naming the rule and its hyperparameters, for logs, such as {@code
   * SGD(lr=0.1)}}
   */
  String describe();
}
