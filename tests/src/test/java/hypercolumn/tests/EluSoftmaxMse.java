package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Golden network {@code elu_softmax_mse}: ELU (alpha 0.7), softmax as a hidden activation, MSE. */
@Network(input = 3, loss = Loss.MEAN_SQUARED_ERROR)
abstract class EluSoftmaxMse {
  @Dense(units = 6, activation = Activation.ELU, alpha = 0.7) Layer hidden1;
  @Dense(units = 5, activation = Activation.SOFTMAX) Layer hidden2;
  @Dense(2) Layer output;
}
