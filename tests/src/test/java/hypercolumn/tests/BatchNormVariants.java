package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.ActivationLayer;
import hypercolumn.BatchNorm;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * Batch norm where the golden network has none: on the network's input (no backward, a kernel
 * reading the input), without affine parameters (its gradient sums in per-channel buffers), with
 * them, and activation layers that cannot fuse (after a batch norm) next to one that does (after
 * an identity dense layer). Smooth activations only, so finite differences meet no kink.
 */
@Network(input = 3, loss = Loss.MEAN_SQUARED_ERROR)
abstract class BatchNormVariants {
  @BatchNorm(affine = false, momentum = 0.3) Layer inputNorm;
  @Dense(5) Layer hidden;
  @BatchNorm(affine = false, eps = 1e-3) Layer bn;
  @ActivationLayer(Activation.TANH) Layer squash;
  @Dense(4) Layer mid;
  @BatchNorm(momentum = 0.5) Layer midNorm;
  @ActivationLayer(Activation.ELU) Layer elu;
  @Dense(2) Layer out;
  @ActivationLayer(Activation.SIGMOID) Layer probability;
}
