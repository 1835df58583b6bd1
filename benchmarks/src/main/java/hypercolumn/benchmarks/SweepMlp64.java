package hypercolumn.benchmarks;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** 784-64-10 ReLU MLP of the width sweep (SweepBenchmark), as torch_mlp.py --sweep builds it. */
@Network(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class SweepMlp64 {
  @Dense(units = 64, activation = Activation.RELU)
  Layer hidden;

  @Dense(10)
  Layer logits;
}
