package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.ActivationLayer;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** {@link TanhReluCe} with each hidden activation written as a layer of its own. */
@Network(input = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class TanhReluPairs {
  @Dense(8) Layer hidden1;
  @ActivationLayer(Activation.TANH) Layer tanh;
  @Dense(6) Layer hidden2;
  @ActivationLayer(Activation.RELU) Layer relu;
  @Dense(3) Layer logits;
}
