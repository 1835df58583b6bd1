package hypercolumn.samples;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** Four measurements of an iris flower in, logits of its three species out: 4-16-3. */
@Network(input = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class IrisMlp {
  @Dense(units = 16, activation = Activation.RELU)
  Layer hidden;

  @Dense(3)
  Layer logits;
}
