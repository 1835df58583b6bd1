package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Rosenblatt's threshold logic unit; golden network {@code threshold_unit}. */
@Network(input = 3, loss = Loss.PERCEPTRON)
abstract class ThresholdUnit {
  @Dense(units = 1, activation = Activation.HEAVISIDE) Layer unit;
}
