package hypercolumn.tests;

import static hypercolumn.Activation.SIGMOID;
import static hypercolumn.Activation.TANH;
import static hypercolumn.Padding.SAME;

import hypercolumn.AvgPool2D;
import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.GlobalAvgPool2D;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.MaxPool2D;
import hypercolumn.Network;

/**
 * Convolutions with smooth activations for the finite-difference check: SAME at stride 2,
 * max pooling padded left and right, a dilated convolution with explicit padding, average
 * pooling and global average pooling; no kink inside a difference step.
 */
@Network(input = {2, 9, 9}, loss = Loss.MEAN_SQUARED_ERROR)
abstract class ConvSmooth {
  @Conv2D(filters = 3, kernel = 3, stride = 2, padding = SAME, activation = TANH) Layer conv1; // (3, 5, 5)
  @MaxPool2D(size = 2, pad = {0, 1}) Layer pool1; // (3, 3, 3)
  @Conv2D(filters = 4, kernel = 2, dilation = 2, pad = {1, 0}, activation = SIGMOID) Layer conv2; // (4, 3, 1)
  @AvgPool2D(size = {2, 1}, stride = 1) Layer pool2; // (4, 2, 1)
  @GlobalAvgPool2D Layer gap; // (4)
  @Dense(2) Layer out;
}
