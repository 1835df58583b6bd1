package hypercolumn.benchmarks;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** The benchmarked 784-256-128-10 ReLU MLP, without dropout, as torch_mlp.py builds it. */
@Network(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class BenchMlp {
  @Dense(units = 256, activation = Activation.RELU)
  Layer hidden1;

  @Dense(units = 128, activation = Activation.RELU)
  Layer hidden2;

  @Dense(10)
  Layer logits;
}
