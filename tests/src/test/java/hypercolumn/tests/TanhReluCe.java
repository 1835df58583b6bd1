package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Golden network {@code tanh_relu_ce}: tanh and ReLU hidden layers, logits, softmax cross-entropy. */
@Network(input = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class TanhReluCe {
  @Dense(units = 8, activation = Activation.TANH) Layer hidden1;
  @Dense(units = 6, activation = Activation.RELU) Layer hidden2;
  @Dense(3) Layer logits;
}
