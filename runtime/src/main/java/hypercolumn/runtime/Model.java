package hypercolumn.runtime;

import hypercolumn.Layer;
import hypercolumn.Loss;
import java.util.List;

/**
 * What every generated network implements. The trainer drives it; nothing here uses
 * reflection.
 *
 * <p>A model owns, on its device, one flat buffer of parameters (PyTorch layouts, see {@link
 * #parameters()}), one of gradients with the same layout, and an arena for activations sized by
 * {@link #reserve}. The buffer holds the trainable parameters first, then any state that is
 * saved and loaded but never trained (batch norm's running statistics), so an optimizer
 * attached with {@link #trainableCount()} updates the trainable ones in one pass. A training
 * step is:
 *
 * <pre>{@code
 * model.setInput(x, offset, batch);
 * model.setLabels(y, offset, batch);
 * model.forward(batch, true, rngKey);
 * float loss = model.lossAndGradient(batch);   // or lossAndGradient(batch, result, 0)
 * model.backward(batch);        // overwrites every gradient
 * optimizer.step(...);          // attached with trainableCount(), on both buffers
 * }</pre>
 */
public interface Model {

  /** {@return the simple name of the user's class, such as {@code Mnist}} */
  String name();

  /** {@return the loss the network was declared with, which the trainer minimises} */
  Loss loss();

  /** {@return the device that holds the model's buffers and runs its operations} */
  Device device();

  /** {@return the shape of one input sample, without the batch, for example {@code [1, 28, 28]}} */
  int[] inputShape();

  /** {@return the floats in one input sample, the product of {@link #inputShape()}} */
  int inputSize();

  /** {@return the shape of one output sample, without the batch, for example {@code [10]}} */
  int[] outputShape();

  /** {@return the floats in one output sample, the product of {@link #outputShape()}} */
  int outputSize();

  /**
   * {@return the floats in one sample's label: 1 (a class index) for {@link
   * Loss#SOFTMAX_CROSS_ENTROPY}, else {@link #outputSize()}}
   */
  int labelSize();

  /** {@return the layers in order, as assigned to the user's fields} */
  List<Layer> layers();

  /**
   * {@return the named parameter and state tensors, in buffer order, trainable ones first, like
   * PyTorch's {@code state_dict()}}
   */
  List<Parameter> parameters();

  /**
   * {@return the floats in the parameter buffer: the trainable parameters and the state after
   * them}
   */
  int parameterCount();

  /**
   * Floats at the start of the parameter buffer that hold trainable parameters, the range an
   * optimizer updates; the state after them is never trained.
   *
   * @return the end of the last trainable parameter, 0 if there is none
   */
  default int trainableCount() {
    int end = 0;
    for (Parameter p : parameters()) {
      if (p.trainable()) {
        end = Math.max(end, p.offset() + p.size());
      }
    }
    return end;
  }

  /**
   * {@return the flat buffer on {@link #device()} of {@link #parameterCount()} floats, laid out
   * as {@link #parameters()} says; the optimizer updates it in place}
   */
  Tensor parameterBuffer();

  /**
   * {@return the flat buffer of gradients, as long as and laid out as {@link #parameterBuffer()};
   * {@link #backward} overwrites it}
   */
  Tensor gradientBuffer();

  /**
   * Overwrites every parameter with its initial value drawn from the counter-based generator
   * under {@code seed}: Glorot uniform before sigmoid, tanh, softmax and identity, He uniform
   * before the ReLU family, zero biases.
   *
   * @param seed the generator's seed; the same seed gives the same parameters on every device
   */
  void initialize(long seed);

  /**
   * Makes room for batches of up to {@code maxBatch} samples; a no-op if there is room.
   *
   * @param maxBatch the largest batch to come, at least 1
   * @throws IllegalArgumentException if {@code maxBatch} is less than 1
   */
  void reserve(int maxBatch);

  /**
   * Readies the device's library calls of a pass over {@code batch} samples (a convolution's
   * descriptors and workspace on the GPU) before a repeated step, which may not allocate: the
   * trainer calls it before each {@link RepeatedStep#begin}. A network without such calls does
   * nothing; so does a device that needs nothing, and a batch already prepared costs a lookup.
   *
   * @param batch the step's samples, from 1 to {@link #capacity()}
   */
  default void prepareStep(int batch) {}

  /** {@return the largest batch that fits without another {@link #reserve}, 0 before the first} */
  int capacity();

  /**
   * Copies {@code batch} samples of {@link #inputSize()} floats into the input buffer.
   *
   * @param samples the host array holding the samples, one after another
   * @param offset the first float of the first sample
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]} or the
   *     samples do not fit {@code samples}
   */
  void setInput(float[] samples, int offset, int batch);

  /**
   * Makes the next forward and backward read {@code batch} samples of {@link #inputSize()} floats
   * from {@code samples} at {@code offset}, a tensor of this model's device (see {@link
   * Device#hostView}). Where only dense layers read the input, they read it there, without a
   * copy; otherwise the samples are copied into the input buffer. The samples must not change
   * until the next {@code setInput} or {@code useInput}.
   *
   * @param samples the tensor holding the samples, of this model's device
   * @param offset the first float of the first sample
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if the tensor is on another device or too short
   */
  void useInput(Tensor samples, int offset, int batch);

  /**
   * Copies {@code batch} labels of {@link #labelSize()} floats into the label buffer.
   *
   * @param labels the host array holding the labels, one sample's after another
   * @param offset the first float of the first label
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]} or the
   *     labels do not fit {@code labels}
   */
  void setLabels(float[] labels, int offset, int batch);

  /**
   * Runs the network on the current input. While {@code training}, dropout draws its masks from
   * {@code rngKey}; otherwise dropout is the identity and the key is ignored. Like calling a
   * PyTorch module in {@code train()} or {@code eval()} mode.
   *
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @param training whether dropout and batch norm act as in training
   * @param rngKey the counter-based generator's key for this step's dropout masks
   * @throws IllegalArgumentException if {@code batch} is not in {@code [1, capacity()]}
   */
  void forward(int batch, boolean training, long rngKey);

  /**
   * Computes the loss of the last forward against the current labels, with no gradient.
   *
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @return the mean loss over the batch
   */
  float loss(int batch);

  /**
   * {@link #loss(int)} that writes the mean loss to {@code result[resultOffset]} on the model's
   * device instead of returning it, so the host need not wait for the device.
   *
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @param result the tensor the loss is written to, of this model's device
   * @param resultOffset the float of {@code result} written
   */
  void loss(int batch, Tensor result, int resultOffset);

  /**
   * Computes the loss of the last forward, and writes its gradient with respect to the output
   * for {@link #backward}.
   *
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @return the mean loss over the batch
   */
  float lossAndGradient(int batch);

  /**
   * {@link #lossAndGradient(int)} that writes the mean loss to {@code result[resultOffset]} on
   * the model's device instead of returning it, so the host need not wait for the device.
   *
   * @param batch the number of samples, from 1 to {@link #capacity()}
   * @param result the tensor the loss is written to, of this model's device
   * @param resultOffset the float of {@code result} written
   */
  void lossAndGradient(int batch, Tensor result, int resultOffset);

  /**
   * Back-propagates the output gradient of {@link #lossAndGradient}; overwrites the whole
   * gradient buffer (no {@code zero_grad()} needed, unlike PyTorch).
   *
   * @param batch the number of samples, from 1 to {@link #capacity()}
   */
  void backward(int batch);

  /**
   * Copies the last forward's output, {@link #outputSize()} floats a sample, to the host.
   *
   * @param target the host array to write
   * @param offset the first float of {@code target} written
   * @param batch the number of samples, from 1 to {@link #capacity()}
   */
  void readOutput(float[] target, int offset, int batch);

  /**
   * Queues the copy of the last forward's output, {@link #outputSize()} floats a sample, into
   * {@code copy}; read it with {@link HostCopy#await()} once the host wants it.
   *
   * @param copy a host copy of this model's device with room for {@code batch} outputs
   * @param batch the number of samples, from 1 to {@link #capacity()}
   */
  void copyOutput(HostCopy copy, int batch);

  /**
   * A Keras-style table: layer, type, output shape, parameters; totals, activation memory and
   * FLOPs per sample, like Keras's {@code model.summary()}.
   *
   * @return the table, lines separated by {@code \n}
   */
  String summary();
}
