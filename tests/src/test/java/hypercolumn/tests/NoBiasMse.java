package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Golden network {@code no_bias_mse}: a hidden layer without bias. */
@Network(input = 4, loss = Loss.MEAN_SQUARED_ERROR)
abstract class NoBiasMse {
  @Dense(units = 5, activation = Activation.TANH, bias = false) Layer hidden;
  @Dense(3) Layer output;
}
