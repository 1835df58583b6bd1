package hypercolumn.tests;

import hypercolumn.Conv2D;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Flatten;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * A dropout after a convolution: with conv's 1x1 weight the identity and observer's too, the
 * output is the dropout's output exactly, so a test can read the mask.
 */
@Network(input = {4, 8, 8}, loss = Loss.MEAN_SQUARED_ERROR)
abstract class ConvDropout {
  @Conv2D(filters = 4, kernel = 1, bias = false) Layer conv;
  @Dropout(0.3) Layer drop;
  @Flatten Layer flat;
  @Dense(units = 256, bias = false) Layer observer;
}
