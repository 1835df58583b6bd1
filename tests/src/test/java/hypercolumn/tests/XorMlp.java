package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** The smallest network that learns XOR. */
@Network(input = 2, loss = Loss.BINARY_CROSS_ENTROPY)
abstract class XorMlp {
  @Dense(units = 4, activation = Activation.TANH) Layer hidden;
  @Dense(1) Layer logit;
}
