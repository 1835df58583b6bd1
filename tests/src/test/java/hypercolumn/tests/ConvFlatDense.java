package hypercolumn.tests;

import static hypercolumn.Activation.TANH;

import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.Flatten;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** A convolution without bias, flattened into two dense layers, for the finite-difference check. */
@Network(input = {1, 5, 4}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class ConvFlatDense {
  @Conv2D(filters = 2, kernel = {2, 3}, stride = {1, 2}, pad = {0, 1, 1, 0}, bias = false) Layer conv; // (2, 5, 2)
  @Flatten Layer flat; // (20)
  @Dense(units = 4, activation = TANH) Layer hidden;
  @Dense(3) Layer logits;
}
