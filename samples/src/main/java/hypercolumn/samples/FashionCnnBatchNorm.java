package hypercolumn.samples;

import static hypercolumn.Activation.RELU;
import static hypercolumn.Padding.SAME;

import hypercolumn.ActivationLayer;
import hypercolumn.BatchNorm;
import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Flatten;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.MaxPool2D;
import hypercolumn.Network;

/**
 * Two convolution blocks with batch norm between each convolution and its ReLU (the convolutions
 * have no bias, which the batch norm's shift replaces), then a dense layer of 256 with dropout,
 * for Fashion-MNIST's 28x28 grey images.
 */
@Network(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionCnnBatchNorm {
  @Conv2D(filters = 32, kernel = 5, padding = SAME, bias = false) Layer conv1; // (32, 28, 28)
  @BatchNorm Layer norm1;
  @ActivationLayer(RELU) Layer relu1;
  @MaxPool2D(size = 2) Layer pool1; // (32, 14, 14)
  @Conv2D(filters = 64, kernel = 5, padding = SAME, bias = false) Layer conv2; // (64, 14, 14)
  @BatchNorm Layer norm2;
  @ActivationLayer(RELU) Layer relu2;
  @MaxPool2D(size = 2) Layer pool2; // (64, 7, 7)
  @Flatten Layer flat; // (3136)
  @Dense(units = 256, activation = RELU) Layer hidden;
  @Dropout(0.3) Layer drop;
  @Dense(10) Layer logits;
}
