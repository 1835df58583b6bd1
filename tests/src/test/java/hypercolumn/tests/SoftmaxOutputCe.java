package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Golden network {@code softmax_output_ce}: ends in a softmax, so its output is probabilities. */
@Network(input = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class SoftmaxOutputCe {
  @Dense(units = 6, activation = Activation.TANH) Layer hidden;
  // On purpose: the golden checks the fold of this softmax into the loss that the warning describes.
  @SuppressWarnings("Loss/SoftmaxTwice")
  @Dense(units = 3, activation = Activation.SOFTMAX)
  Layer probabilities;
}
