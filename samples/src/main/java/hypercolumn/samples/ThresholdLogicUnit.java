package hypercolumn.samples;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * Rosenblatt's perceptron: one threshold logic unit, a weighted sum followed by the Heaviside
 * step. Trained with {@link Loss#PERCEPTRON} and plain SGD on one sample at a time, each step
 * is the perceptron rule {@code w += lr * (target - prediction) * x}.
 */
@Network(input = 2, loss = Loss.PERCEPTRON)
public abstract class ThresholdLogicUnit {
  @Dense(units = 1, activation = Activation.HEAVISIDE)
  Layer unit;
}
