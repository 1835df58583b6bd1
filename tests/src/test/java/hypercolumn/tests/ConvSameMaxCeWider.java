package hypercolumn.tests;

import static hypercolumn.Activation.RELU;
import static hypercolumn.Activation.TANH;
import static hypercolumn.Padding.SAME;

import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.Flatten;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.MaxPool2D;
import hypercolumn.Network;

/** {@link ConvSameMaxCe} with 5 filters in conv1, whose weight files do not fit the original. */
@Network(input = {2, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class ConvSameMaxCeWider {
  @Conv2D(filters = 5, kernel = {2, 3}, padding = SAME, activation = RELU) Layer conv1;
  @MaxPool2D(size = 2) Layer pool1;
  @Conv2D(filters = 4, kernel = 3, stride = 2, padding = SAME, activation = TANH, bias = false) Layer conv2;
  @Flatten Layer flat;
  @Dense(3) Layer logits;
}
