package hypercolumn.tests;

import hypercolumn.Activation;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import java.util.function.Function;

/**
 * Each place a dropout can stand, at each rate the tests use, with what the test needs to know
 * of the network in {@link DropoutNetworks} that puts it there: the layer before it and the rate.
 */
enum DropoutPlacement {
  AFTER_IDENTITY_25(Where.DENSE, Activation.IDENTITY, 0, true, 0.25, DropoutAfterIdentity25Net::new),
  AFTER_IDENTITY_NO_BIAS_25(Where.DENSE, Activation.IDENTITY, 0, false, 0.25, DropoutAfterIdentityNoBias25Net::new),
  AFTER_SIGMOID_25(Where.DENSE, Activation.SIGMOID, 0, true, 0.25, DropoutAfterSigmoid25Net::new),
  AFTER_TANH_25(Where.DENSE, Activation.TANH, 0, true, 0.25, DropoutAfterTanh25Net::new),
  AFTER_RELU_25(Where.DENSE, Activation.RELU, 0, true, 0.25, DropoutAfterRelu25Net::new),
  AFTER_LEAKY_RELU_25(Where.DENSE, Activation.LEAKY_RELU, 0.1, true, 0.25, DropoutAfterLeakyRelu25Net::new),
  AFTER_ELU_25(Where.DENSE, Activation.ELU, 0.5, true, 0.25, DropoutAfterElu25Net::new),
  AFTER_SOFTMAX_25(Where.DENSE, Activation.SOFTMAX, 0, true, 0.25, DropoutAfterSoftmax25Net::new),
  AFTER_DROPOUT_25(Where.AFTER_DROPOUT, Activation.IDENTITY, 0, true, 0.25, DropoutAfterDropout25Net::new),
  ON_INPUT_25(Where.INPUT, Activation.IDENTITY, 0, false, 0.25, DropoutOnInput25Net::new),
  AFTER_IDENTITY_60(Where.DENSE, Activation.IDENTITY, 0, true, 0.6, DropoutAfterIdentity60Net::new),
  AFTER_IDENTITY_NO_BIAS_60(Where.DENSE, Activation.IDENTITY, 0, false, 0.6, DropoutAfterIdentityNoBias60Net::new),
  AFTER_SIGMOID_60(Where.DENSE, Activation.SIGMOID, 0, true, 0.6, DropoutAfterSigmoid60Net::new),
  AFTER_TANH_60(Where.DENSE, Activation.TANH, 0, true, 0.6, DropoutAfterTanh60Net::new),
  AFTER_RELU_60(Where.DENSE, Activation.RELU, 0, true, 0.6, DropoutAfterRelu60Net::new),
  AFTER_LEAKY_RELU_60(Where.DENSE, Activation.LEAKY_RELU, 0.1, true, 0.6, DropoutAfterLeakyRelu60Net::new),
  AFTER_ELU_60(Where.DENSE, Activation.ELU, 0.5, true, 0.6, DropoutAfterElu60Net::new),
  AFTER_SOFTMAX_60(Where.DENSE, Activation.SOFTMAX, 0, true, 0.6, DropoutAfterSoftmax60Net::new),
  AFTER_DROPOUT_60(Where.AFTER_DROPOUT, Activation.IDENTITY, 0, true, 0.6, DropoutAfterDropout60Net::new),
  ON_INPUT_60(Where.INPUT, Activation.IDENTITY, 0, false, 0.6, DropoutOnInput60Net::new),
  AFTER_IDENTITY_45(Where.DENSE, Activation.IDENTITY, 0, true, 0.45, DropoutAfterIdentity45Net::new),
  ON_INPUT_45(Where.INPUT, Activation.IDENTITY, 0, false, 0.45, DropoutOnInput45Net::new);

  /** What comes before the dropout. */
  enum Where {
    /** A dense layer: the dropout is fused into its kernel, or stands alone after a softmax. */
    DENSE,
    /** A dropout of rate 0 fused into an identity dense layer: this one stands alone. */
    AFTER_DROPOUT,
    /** The network's input. */
    INPUT
  }

  final Where where;
  final Activation activation;
  /** Leaky ReLU's slope or ELU's scale, as the network declares it. */
  final double alpha;
  /** Whether the dense layer before the dropout adds a bias. */
  final boolean bias;
  final double rate;
  private final Function<Device, Model> network;

  DropoutPlacement(
      Where where, Activation activation, double alpha, boolean bias, double rate, Function<Device, Model> network) {
    this.where = where;
    this.activation = activation;
    this.alpha = alpha;
    this.bias = bias;
    this.rate = rate;
    this.network = network;
  }

  Model open(Device device) {
    return network.apply(device);
  }

  /** Whether a dense layer computes the dropout's input from the identity batch. */
  boolean afterDense() {
    return where != Where.INPUT;
  }

  /**
   * Whether the reference knows the dropout's input bit for bit: it does where float32 rounds
   * the activation once or not at all, but not where the device's exp or tanh rounds its own way.
   */
  boolean inputExactlyKnown() {
    return switch (activation) {
      case IDENTITY, RELU, LEAKY_RELU -> true;
      case SIGMOID, TANH, ELU, SOFTMAX -> false;
      case HEAVISIDE -> throw new IllegalArgumentException("no dropout follows Heaviside");
    };
  }
}
