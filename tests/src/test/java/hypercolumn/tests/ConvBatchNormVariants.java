package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.ActivationLayer;
import hypercolumn.BatchNorm;
import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.Flatten;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * Batch norm over images where the golden network has none: on the network's input (no
 * backward), with affine parameters after a convolution, and without them (its gradient sums in
 * per-channel buffers) before an activation layer on an image. Smooth activations only, so
 * finite differences meet no kink.
 */
@Network(input = {2, 5, 5}, loss = Loss.MEAN_SQUARED_ERROR)
abstract class ConvBatchNormVariants {
  @BatchNorm(affine = false, momentum = 0.3) Layer inputNorm;
  @Conv2D(filters = 3, kernel = 3) Layer conv; // (3, 3, 3)
  @BatchNorm Layer bn;
  @ActivationLayer(Activation.TANH) Layer squash;
  @Conv2D(filters = 2, kernel = 2, bias = false) Layer conv2; // (2, 2, 2)
  @BatchNorm(affine = false, eps = 1e-3) Layer bare;
  @ActivationLayer(Activation.SIGMOID) Layer gate;
  @Flatten Layer flat; // (8)
  @Dense(2) Layer out;
}
