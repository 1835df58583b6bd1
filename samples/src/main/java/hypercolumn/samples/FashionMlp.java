package hypercolumn.samples;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** A 784-256-128-10 multi-layer perceptron for Fashion-MNIST's 28x28 images, flattened. */
@Network(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionMlp {
  @Dense(units = 256, activation = Activation.RELU)
  Layer hidden1;

  @Dropout(0.2)
  Layer drop1;

  @Dense(units = 128, activation = Activation.RELU)
  Layer hidden2;

  @Dropout(0.2)
  Layer drop2;

  @Dense(10)
  Layer logits;
}
