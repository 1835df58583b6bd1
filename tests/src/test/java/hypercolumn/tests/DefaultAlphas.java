package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Leaky ReLU and ELU with their default alphas, and a bias-free sigmoid output under MSE. */
@Network(input = 3, loss = Loss.MEAN_SQUARED_ERROR)
abstract class DefaultAlphas {
  @Dense(units = 5, activation = Activation.LEAKY_RELU) Layer leaky;
  @Dense(units = 4, activation = Activation.ELU) Layer elu;
  @Dense(units = 2, activation = Activation.SIGMOID, bias = false) Layer output;
}
