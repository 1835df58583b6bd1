package hypercolumn.tests;

import static hypercolumn.Activation.LEAKY_RELU;
import static hypercolumn.Activation.SIGMOID;

import hypercolumn.AvgPool2D;
import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.GlobalAvgPool2D;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.MaxPool2D;
import hypercolumn.Network;

/**
 * Golden network {@code conv_valid_avg_mse} (tests/scripts/convolution_fixtures.py): VALID with
 * strides (2, 1) and dilation (1, 2), average pooling padded by 1 (padded cells counted), explicit
 * padding above and right, max pooling with a 2x3 window, stride (2, 1) and padding left and
 * right, global average pooling and a dense layer under mean squared error.
 */
@Network(input = {3, 9, 8}, loss = Loss.MEAN_SQUARED_ERROR)
abstract class ConvValidAvgMse {
  @Conv2D(filters = 4, kernel = 3, stride = {2, 1}, dilation = {1, 2}, activation = LEAKY_RELU, alpha = 0.1)
  Layer conv1; // (4, 4, 4)
  @AvgPool2D(size = 3, stride = 1, pad = 1) Layer pool1; // (4, 4, 4)
  @Conv2D(filters = 5, kernel = 2, pad = {1, 0, 0, 1}, activation = SIGMOID) Layer conv2; // (5, 4, 4)
  @MaxPool2D(size = {2, 3}, stride = {2, 1}, pad = {0, 1}) Layer pool2; // (5, 2, 4)
  @GlobalAvgPool2D Layer gap; // (5)
  @Dense(2) Layer out;
}
