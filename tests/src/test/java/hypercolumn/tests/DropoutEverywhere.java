package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Dropout on the input, fused after a dense layer, and on its own after a softmax. */
@Network(input = 4, loss = Loss.MEAN_SQUARED_ERROR)
abstract class DropoutEverywhere {
  @Dropout(0.2) Layer inputDrop;
  @Dense(units = 6, activation = Activation.RELU) Layer hidden;
  @Dropout(0.3) Layer drop;
  @Dense(units = 5, activation = Activation.SOFTMAX) Layer soft;
  @Dropout(0.1) Layer softDrop;
  @Dense(2) Layer out;
}
