package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.Dense;
import hypercolumn.Dropout;
import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.Network;

/**
 * Kernels with nothing but dropout in them: a bias-free identity layer whose kernel is its fused
 * dropout alone (forward and backward), a dropout after a dropout (a kernel of its own, with a
 * backward), and a bias-free ELU with the default alpha and a fused dropout.
 */
@Network(input = 5, loss = Loss.BINARY_CROSS_ENTROPY)
abstract class BareDropouts {
  @Dense(units = 6, bias = false) Layer linear;
  @Dropout(0.25) Layer drop1;
  @Dropout(0.5) Layer drop2;
  @Dense(units = 4, activation = Activation.ELU, bias = false) Layer elu;
  @Dropout(0.2) Layer drop3;
  @Dense(2) Layer logits;
}
