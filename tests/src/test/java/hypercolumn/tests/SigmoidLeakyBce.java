package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Golden network {@code sigmoid_leaky_bce}: sigmoid and leaky ReLU (alpha 0.1), binary cross-entropy. */
@Network(input = 3, loss = Loss.BINARY_CROSS_ENTROPY)
abstract class SigmoidLeakyBce {
  @Dense(units = 5, activation = Activation.SIGMOID) Layer hidden1;
  @Dense(units = 4, activation = Activation.LEAKY_RELU, alpha = 0.1) Layer hidden2;
  @Dense(2) Layer logits;
}
