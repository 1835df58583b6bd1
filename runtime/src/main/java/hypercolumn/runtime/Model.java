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

  /** The simple name of the user's class. */
  String name();

  Loss loss();

  Device device();

  /** Shape of one input sample. */
  int[] inputShape();

  /** Floats in one input sample. */
  int inputSize();

  /** Shape of one output sample. */
  int[] outputShape();

  /** Floats in one output sample. */
  int outputSize();

  /**
   * Floats in one sample's label: 1 (a class index) for {@link Loss#SOFTMAX_CROSS_ENTROPY},
   * else {@link #outputSize()}.
   */
  int labelSize();

  /** The layers in order, as assigned to the user's fields. */
  List<Layer> layers();

  /** The named parameter and state tensors, in buffer order, trainable ones first. */
  List<Parameter> parameters();

  /** Floats in the parameter buffer: the trainable parameters and the state after them. */
  int parameterCount();

  /**
   * Floats at the start of the parameter buffer that hold trainable parameters, the range an
   * optimizer updates; the state after them is never trained.
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

  Tensor parameterBuffer();

  Tensor gradientBuffer();

  /**
   * Overwrites every parameter with its initial value drawn from the counter-based generator
   * under {@code seed}: Glorot uniform before sigmoid, tanh, softmax and identity, He uniform
   * before the ReLU family, zero biases.
   */
  void initialize(long seed);

  /** Makes room for batches of up to {@code maxBatch} samples; a no-op if there is room. */
  void reserve(int maxBatch);

  /** The largest batch that fits without another {@link #reserve}. */
  int capacity();

  /** Copies {@code batch} samples of {@link #inputSize()} floats into the input buffer. */
  void setInput(float[] samples, int offset, int batch);

  /**
   * Makes the next forward and backward read {@code batch} samples of {@link #inputSize()} floats
   * from {@code samples} at {@code offset}, a tensor of this model's device (see {@link
   * Device#hostView}). Where only dense layers read the input, they read it there, without a
   * copy; otherwise the samples are copied into the input buffer. The samples must not change
   * until the next {@code setInput} or {@code useInput}.
   *
   * @throws IllegalArgumentException if the tensor is on another device or too short
   */
  void useInput(Tensor samples, int offset, int batch);

  /** Copies {@code batch} labels of {@link #labelSize()} floats into the label buffer. */
  void setLabels(float[] labels, int offset, int batch);

  /**
   * Runs the network on the current input. While {@code training}, dropout draws its masks from
   * {@code rngKey}; otherwise dropout is the identity and the key is ignored.
   */
  void forward(int batch, boolean training, long rngKey);

  /** Mean loss of the last forward against the current labels, with no gradient. */
  float loss(int batch);

  /**
   * {@link #loss(int)} that writes the mean loss to {@code result[resultOffset]} on the model's
   * device instead of returning it, so the host need not wait for the device.
   */
  void loss(int batch, Tensor result, int resultOffset);

  /** Mean loss of the last forward, and its gradient with respect to the output. */
  float lossAndGradient(int batch);

  /**
   * {@link #lossAndGradient(int)} that writes the mean loss to {@code result[resultOffset]} on
   * the model's device instead of returning it, so the host need not wait for the device.
   */
  void lossAndGradient(int batch, Tensor result, int resultOffset);

  /** Back-propagates the output gradient; overwrites the whole gradient buffer. */
  void backward(int batch);

  /** Copies the last forward's output, {@link #outputSize()} floats a sample, to the host. */
  void readOutput(float[] target, int offset, int batch);

  /**
   * Queues the copy of the last forward's output, {@link #outputSize()} floats a sample, into
   * {@code copy}; read it with {@link HostCopy#await()} once the host wants it.
   */
  void copyOutput(HostCopy copy, int batch);

  /**
   * A Keras-style table: layer, type, output shape, parameters; totals, activation memory and
   * FLOPs per sample.
   */
  String summary();
}
