package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Dropout between two dense layers, for gradient checks and determinism. */
@Network(input = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class DropoutMlp {
  @Dense(units = 8, activation = Activation.TANH) Layer hidden;
  @Dropout(0.5) Layer drop;
  @Dense(3) Layer logits;
}
