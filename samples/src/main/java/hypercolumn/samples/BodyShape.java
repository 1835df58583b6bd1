package hypercolumn.samples;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * The textbook 2-2-1 network: weight and height in, one class out, sigmoid units throughout.
 * It has 9 learnable parameters: 2x2 + 2x1 weights and 2 + 1 biases.
 */
@Network(input = 2, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class BodyShape {
  @Dense(units = 2, activation = Activation.SIGMOID)
  Layer hidden;

  @Dense(units = 1, activation = Activation.SIGMOID)
  Layer output;
}
