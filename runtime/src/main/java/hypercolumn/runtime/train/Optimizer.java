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

  /** Allocates zero state for the first {@code parameterCount} parameters on {@code device}. */
  void attach(Device device, int parameterCount);

  /** One update step; the first call after {@link #attach} is step 1. */
  void step(Tensor parameters, Tensor gradients);

  float learningRate();

  /** Changes the learning rate from the next step on (for schedules). */
  void setLearningRate(float learningRate);

  /** One line naming the rule and its hyperparameters, for logs. */
  String describe();
}
