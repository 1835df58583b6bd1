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

/** A small Fashion-MNIST network with a batch norm between its convolution and the ReLU. */
@Network(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class FashionConvBatchNorm {
  @Conv2D(filters = 8, kernel = 3, padding = SAME, bias = false) Layer conv; // (8, 28, 28)
  @BatchNorm Layer bn;
  @ActivationLayer(Activation.RELU) Layer relu;
  @MaxPool2D(size = 2) Layer pool; // (8, 14, 14)
  @Flatten Layer flat; // (1568)
  @Dense(10) Layer logits;
}
