package hypercolumn.tests.emulator;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/** A network whose generated CUDA kernels use dropout's random numbers, expf, expm1f and tanhf (sigmoid, ELU, tanh). */
@Network(input = 5, loss = Loss.BINARY_CROSS_ENTROPY)
abstract class EmulatedMlp {
  @Dropout(0.2) Layer inputDrop;
  @Dense(units = 7, activation = Activation.TANH) Layer hidden;
  @Dropout(0.3) Layer drop;
  @Dense(units = 6, activation = Activation.ELU) Layer elu;
  @Dense(units = 3, activation = Activation.SIGMOID) Layer squash;
  @Dense(2) Layer out;
}
