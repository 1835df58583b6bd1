package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.ActivationLayer;
import hypercolumn.BatchNorm;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * Golden network {@code dense_batchnorm_relu_ce}: PyTorch's {@code Linear(4, 6, bias=False)}, {@code
 * BatchNorm1d(6)}, {@code ReLU}, {@code Linear(6, 3)} under softmax cross entropy.
 */
@Network(input = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class DenseBatchNormRelu {
  @Dense(units = 6, bias = false) Layer hidden; // the batch norm removes any bias
  @BatchNorm Layer bn;
  @ActivationLayer(Activation.RELU) Layer relu;
  @Dense(3) Layer logits;
}
