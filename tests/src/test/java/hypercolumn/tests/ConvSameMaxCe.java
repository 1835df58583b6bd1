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

/**
 * Golden network {@code conv_same_max_ce} (tests/scripts/convolution_fixtures.py): SAME at
 * stride 1 with a 2x3 kernel (one padded row below, one column each side), max pooling, SAME at
 * stride 2 (one padded row below and column right), a convolution without bias, flatten and a
 * dense layer under softmax cross entropy.
 */
@Network(input = {2, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class ConvSameMaxCe {
  @Conv2D(filters = 3, kernel = {2, 3}, padding = SAME, activation = RELU) Layer conv1; // (3, 8, 8)
  @MaxPool2D(size = 2) Layer pool1; // (3, 4, 4)
  @Conv2D(filters = 4, kernel = 3, stride = 2, padding = SAME, activation = TANH, bias = false) Layer conv2; // (4, 2, 2)
  @Flatten Layer flat; // (16)
  @Dense(3) Layer logits;
}
