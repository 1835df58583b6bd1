package hypercolumn.runtime.train;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;

/**
 * Updates a model's whole flat parameter buffer from its gradient buffer in one pass, with
 * PyTorch's update rule for the same hyperparameters. An optimizer keeps its state (velocities,
 * moments) in one tensor of the model's device, allocated by {@link #attach}.
 */
public interface Optimizer {

  /** Allocates state for {@code parameterCount} parameters on {@code device} and resets it. */
  void attach(Device device, int parameterCount);

  /** One update step; the first call after {@link #attach} is step 1. */
  void step(Tensor parameters, Tensor gradients);

  float learningRate();

  /** Changes the learning rate from the next step on (for schedules). */
  void setLearningRate(float learningRate);

  /** One line naming the rule and its hyperparameters, for logs. */
  String describe();
}
