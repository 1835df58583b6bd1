package hypercolumn.samples;

import static hypercolumn.Activation.RELU;
import static hypercolumn.Padding.SAME;

import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Flatten;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.MaxPool2D;
import hypercolumn.Network;

/**
 * Two 5x5 convolutions with max pooling, then a dense layer of 1024 with dropout, for
 * Fashion-MNIST's 28x28 grey images: 3,274,634 parameters.
 */
@Network(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionCnn {
  @Conv2D(filters = 32, kernel = 5, padding = SAME, activation = RELU) Layer conv1; // (32, 28, 28)
  @MaxPool2D(size = 2) Layer pool1; // (32, 14, 14)
  @Conv2D(filters = 64, kernel = 5, padding = SAME, activation = RELU) Layer conv2; // (64, 14, 14)
  @MaxPool2D(size = 2) Layer pool2; // (64, 7, 7)
  @Flatten Layer flat; // (3136)
  @Dense(units = 1024, activation = RELU) Layer hidden;
  @Dropout(0.4) Layer drop;
  @Dense(10) Layer logits;
}
