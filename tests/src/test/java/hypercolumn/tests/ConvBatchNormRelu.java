package hypercolumn.tests;

import static hypercolumn.Padding.SAME;

import hypercolumn.Activation;
import hypercolumn.ActivationLayer;
import hypercolumn.BatchNorm;
import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.Flatten;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.MaxPool2D;
import hypercolumn.Network;

/**
 * Golden network {@code conv_batchnorm_relu_ce} (tests/scripts/convolution_fixtures.py): PyTorch's
 * {@code Conv2d(2, 3, 3, padding=1, bias=False)}, {@code BatchNorm2d(3, momentum=0.2, eps=1e-4)},
 * {@code ReLU}, {@code MaxPool2d(2)}, flatten and {@code Linear(27, 3)} under softmax cross entropy.
 */
@Network(input = {2, 6, 6}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class ConvBatchNormRelu {
  @Conv2D(filters = 3, kernel = 3, padding = SAME, bias = false) Layer conv; // (3, 6, 6); the batch norm removes any bias
  @BatchNorm(momentum = 0.2, eps = 1e-4) Layer bn;
  @ActivationLayer(Activation.RELU) Layer relu;
  @MaxPool2D(size = 2) Layer pool; // (3, 3, 3)
  @Flatten Layer flat; // (27)
  @Dense(3) Layer logits;
}
