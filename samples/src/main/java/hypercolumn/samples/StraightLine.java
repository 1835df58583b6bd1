package hypercolumn.samples;

import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Linear regression {@code y = w * x + b} as a network of one identity unit. */
@Network(input = 1, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class StraightLine {
  @Dense(1)
  Layer line;
}
