package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * The networks of {@link DropoutStatisticsTest}: one for each place a dropout can stand, at the
 * rates 0.25 and 0.6, and at 0.45 (where a scale rounded once differs from PyTorch's) fused after
 * an identity and on the input. Each ends in {@code observer}, a bias-free identity dense layer of width
 * {@link #WIDTH} whose weight the test sets to the identity matrix, so the network's output is
 * the dropout's output, bit for bit (a product with 0 and 1 is exact), and its input gradient is
 * the output gradient.
 *
 * <p>Heaviside does not appear: it may only be the last layer, which a dropout cannot follow.
 *
 * <p>Where a dense layer comes before the dropout, the network's input has {@link #BATCH} values
 * and the test feeds the identity matrix as the batch: then the dense layer's pre-activation at
 * row r, column j is its weight [j, r] plus its bias, and the gradient of that weight is the
 * gradient of the pre-activation at (r, j), element by element.
 */
final class DropoutNetworks {
  private DropoutNetworks() {}

  /** Samples in the batch, and the input width of the networks fed the identity matrix. */
  static final int BATCH = 64;

  /** Width of every dropout. */
  static final int WIDTH = 256;

  /** Dropout 0.25 fused into the kernel of a dense layer with identity, with bias. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterIdentity25 {
    @Dense(units = WIDTH, activation = Activation.IDENTITY) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.25 fused into the kernel of a dense layer with identity, without bias (the kernel loads no bias). */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterIdentityNoBias25 {
    @Dense(units = WIDTH, activation = Activation.IDENTITY, bias = false) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }


  /** Dropout 0.25 fused into the kernel of a dense layer with sigmoid. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterSigmoid25 {
    @Dense(units = WIDTH, activation = Activation.SIGMOID) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.25 fused into the kernel of a dense layer with tanh. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterTanh25 {
    @Dense(units = WIDTH, activation = Activation.TANH) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.25 fused into the kernel of a dense layer with ReLU. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterRelu25 {
    @Dense(units = WIDTH, activation = Activation.RELU) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.25 fused into the kernel of a dense layer with leaky ReLU, alpha 0.1. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterLeakyRelu25 {
    @Dense(units = WIDTH, activation = Activation.LEAKY_RELU, alpha = 0.1) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.25 fused into the kernel of a dense layer with ELU, alpha 0.5. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterElu25 {
    @Dense(units = WIDTH, activation = Activation.ELU, alpha = 0.5) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.25 on its own after a softmax, which it cannot be fused with. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterSoftmax25 {
    @Dense(units = WIDTH, activation = Activation.SOFTMAX) Layer hidden;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /**
   * Dropout 0.25 on its own after another dropout; the first, fused into the identity dense
   * layer, has rate 0 and so keeps everything unscaled.
   */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterDropout25 {
    @Dense(units = WIDTH) Layer hidden;
    @Dropout(0.0) Layer keepAll;
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.25 on the network's input, which no backward pass reaches. */
  @Network(input = WIDTH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutOnInput25 {
    @Dropout(0.25) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 fused into the kernel of a dense layer with identity, with bias. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterIdentity60 {
    @Dense(units = WIDTH, activation = Activation.IDENTITY) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 fused into the kernel of a dense layer with identity, without bias (the kernel loads no bias). */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterIdentityNoBias60 {
    @Dense(units = WIDTH, activation = Activation.IDENTITY, bias = false) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }


  /** Dropout 0.6 fused into the kernel of a dense layer with sigmoid. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterSigmoid60 {
    @Dense(units = WIDTH, activation = Activation.SIGMOID) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 fused into the kernel of a dense layer with tanh. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterTanh60 {
    @Dense(units = WIDTH, activation = Activation.TANH) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 fused into the kernel of a dense layer with ReLU. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterRelu60 {
    @Dense(units = WIDTH, activation = Activation.RELU) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 fused into the kernel of a dense layer with leaky ReLU, alpha 0.1. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterLeakyRelu60 {
    @Dense(units = WIDTH, activation = Activation.LEAKY_RELU, alpha = 0.1) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 fused into the kernel of a dense layer with ELU, alpha 0.5. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterElu60 {
    @Dense(units = WIDTH, activation = Activation.ELU, alpha = 0.5) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 on its own after a softmax, which it cannot be fused with. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterSoftmax60 {
    @Dense(units = WIDTH, activation = Activation.SOFTMAX) Layer hidden;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /**
   * Dropout 0.6 on its own after another dropout; the first, fused into the identity dense
   * layer, has rate 0 and so keeps everything unscaled.
   */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterDropout60 {
    @Dense(units = WIDTH) Layer hidden;
    @Dropout(0.0) Layer keepAll;
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.6 on the network's input, which no backward pass reaches. */
  @Network(input = WIDTH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutOnInput60 {
    @Dropout(0.6) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.45 fused into the kernel of a dense layer with identity, with bias. */
  @Network(input = BATCH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutAfterIdentity45 {
    @Dense(units = WIDTH, activation = Activation.IDENTITY) Layer hidden;
    @Dropout(0.45) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }

  /** Dropout 0.45 on the network's input. */
  @Network(input = WIDTH, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class DropoutOnInput45 {
    @Dropout(0.45) Layer drop;
    @Dense(units = WIDTH, bias = false) Layer observer;
  }
}
