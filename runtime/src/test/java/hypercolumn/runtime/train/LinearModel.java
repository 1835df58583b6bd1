package hypercolumn.runtime.train;

import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.TensorDtype;
import java.util.List;

/**
 * A hand-written one-layer network {@code y = x W^T + b} for the trainer's and the weight
 * files' tests: linear regression with {@link Loss#MEAN_SQUARED_ERROR}, logistic regression with
 * the cross-entropies. It computes real forward and backward passes through the {@link Device}
 * API, as generated code does, with the bias added and differentiated by GEMMs with a ones
 * vector.
 *
 * <p>{@link #withRunningStatistics} adds state as {@code torch.nn.BatchNorm1d(outputs,
 * affine=False)} names it ({@code norm.running_mean}, {@code norm.running_var}, {@code
 * norm.num_batches_tracked}, the last I64) after the trainable parameters, without using it in
 * the forward pass: a training forward counts itself in {@code num_batches_tracked}, and
 * backward leaves ones in the state's gradient slots, so an optimizer or a penalty that reached
 * the state would move it.
 */
public final class LinearModel implements Model {
  private final String name;
  private final Device device;
  private final Loss loss;
  private final int inputs;
  private final int outputs;
  private final Tensor parameters;
  private final Tensor gradients;
  private final List<Parameter> parameterList;
  private final int stateSize;
  private int capacity;
  private Tensor input;
  private Tensor labels;
  private Tensor output;
  private Tensor outputGradient;
  private Tensor ones;
  /** Forward calls in training mode; lets a test inject a NaN at a chosen step. */
  private int trainingForwards;
  private long trainingSamples;
  private int nanAtTrainingForward = -1;

  public LinearModel(String name, Device device, Loss loss, int inputs, int outputs) {
    this(name, device, loss, inputs, outputs, false);
  }

  private LinearModel(String name, Device device, Loss loss, int inputs, int outputs, boolean state) {
    this.name = name;
    this.device = device;
    this.loss = loss;
    this.inputs = inputs;
    this.outputs = outputs;
    int trainable = outputs * inputs + outputs;
    List<Parameter> list = new java.util.ArrayList<>(List.of(
        new Parameter("fc.weight", new int[] {outputs, inputs}, 0, true),
        new Parameter("fc.bias", new int[] {outputs}, outputs * inputs, false)));
    if (state) {
      list.add(Parameter.state("norm.running_mean", new int[] {outputs}, trainable, TensorDtype.F32));
      list.add(Parameter.state("norm.running_var", new int[] {outputs}, trainable + outputs, TensorDtype.F32));
      list.add(Parameter.state("norm.num_batches_tracked", new int[] {}, trainable + 2 * outputs, TensorDtype.I64));
    }
    this.parameterList = List.copyOf(list);
    this.stateSize = state ? 2 * outputs + 1 : 0;
    this.parameters = device.allocate(trainable + stateSize);
    this.gradients = device.allocate(trainable + stateSize);
  }

  /** The model with batch norm's running statistics as state after its parameters. */
  public static LinearModel withRunningStatistics(String name, Device device, Loss loss, int inputs, int outputs) {
    return new LinearModel(name, device, loss, inputs, outputs, true);
  }

  /** Training forward passes so far. */
  public int trainingForwards() {
    return trainingForwards;
  }

  /** Samples seen by training forward passes so far. */
  public long trainingSamples() {
    return trainingSamples;
  }

  /** From the given training forward on (0-based), the output is NaN. */
  public void poisonFromTrainingForward(int index) {
    nanAtTrainingForward = index;
  }

  @Override public String name() { return name; }
  @Override public Loss loss() { return loss; }
  @Override public Device device() { return device; }
  @Override public int[] inputShape() { return new int[] {inputs}; }
  @Override public int inputSize() { return inputs; }
  @Override public int[] outputShape() { return new int[] {outputs}; }
  @Override public int outputSize() { return outputs; }
  @Override public int labelSize() { return loss == Loss.SOFTMAX_CROSS_ENTROPY ? 1 : outputs; }
  @Override public List<Parameter> parameters() { return parameterList; }
  @Override public int parameterCount() { return outputs * inputs + outputs + stateSize; }
  @Override public Tensor parameterBuffer() { return parameters; }
  @Override public Tensor gradientBuffer() { return gradients; }
  @Override public int capacity() { return capacity; }

  @Override
  public List<Layer> layers() {
    Layer fc = new Layer("fc", "Dense", new int[] {outputs}, 0, outputs * inputs + outputs);
    return stateSize == 0 ? List.of(fc)
        : List.of(fc, new Layer("norm", "BatchNorm", new int[] {outputs}, outputs * inputs + outputs, stateSize));
  }

  @Override
  public void initialize(long seed) {
    float[] host = new float[parameterCount()];
    float limit = (float) Math.sqrt(6.0 / (inputs + outputs));
    long key = Rng.key(seed, 0, 0);
    for (int i = 0; i < outputs * inputs; i++) {
      host[i] = (2 * Rng.uniform(key, i) - 1) * limit;
    }
    for (int i = 0; i < stateSize / 2; i++) {
      host[outputs * inputs + 2 * outputs + i] = 1f; // running_var starts at 1, as PyTorch's
    }
    device.upload(host, 0, parameters, 0, host.length);
  }

  @Override
  public void reserve(int maxBatch) {
    if (maxBatch <= capacity) {
      return;
    }
    capacity = maxBatch;
    input = device.allocate(maxBatch * inputs);
    labels = device.allocate(maxBatch * labelSize());
    output = device.allocate(maxBatch * outputs);
    outputGradient = device.allocate(maxBatch * outputs);
    ones = device.allocate(maxBatch);
    device.fill(ones, 0, maxBatch, 1f);
  }

  private void checkBatch(int batch) {
    if (batch > capacity) {
      throw new IllegalStateException("batch " + batch + " exceeds capacity " + capacity);
    }
  }

  @Override
  public void setInput(float[] samples, int offset, int batch) {
    checkBatch(batch);
    device.upload(samples, offset, input, 0, batch * inputs);
  }

  @Override
  public void useInput(Tensor samples, int offset, int batch) {
    checkBatch(batch);
    device.copy(samples, offset, input, 0, batch * inputs);
  }

  @Override
  public void setLabels(float[] values, int offset, int batch) {
    checkBatch(batch);
    device.upload(values, offset, labels, 0, batch * labelSize());
  }

  @Override
  public void forward(int batch, boolean training, long rngKey) {
    checkBatch(batch);
    // (B, O) = (B, I) x (O, I)^T, then + ones (B, 1) x bias (1, O)
    device.gemm(false, true, batch, outputs, inputs, 1f, input, 0, inputs, parameters, 0, inputs,
        0f, output, 0, outputs);
    device.gemm(false, false, batch, outputs, 1, 1f, ones, 0, 1, parameters, outputs * inputs,
        outputs, 1f, output, 0, outputs);
    if (training) {
      if (nanAtTrainingForward >= 0 && trainingForwards >= nanAtTrainingForward) {
        device.fill(output, 0, batch * outputs, Float.NaN);
      }
      trainingForwards++;
      trainingSamples += batch;
      if (stateSize > 0) {
        device.fill(parameters, parameterCount() - 1, 1, trainingForwards); // num_batches_tracked
      }
    }
  }

  @Override
  public float loss(int batch) {
    return lossInto(batch, null);
  }

  @Override
  public float lossAndGradient(int batch) {
    return lossInto(batch, outputGradient);
  }

  @Override
  public void loss(int batch, Tensor result, int resultOffset) {
    lossInto(batch, null, result, resultOffset);
  }

  @Override
  public void lossAndGradient(int batch, Tensor result, int resultOffset) {
    lossInto(batch, outputGradient, result, resultOffset);
  }

  private void lossInto(int batch, Tensor gradient, Tensor result, int resultOffset) {
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> device.softmaxCrossEntropy(
          output, 0, labels, 0, batch, outputs, false, gradient, 0, result, resultOffset);
      case BINARY_CROSS_ENTROPY -> device.binaryCrossEntropyWithLogits(
          output, 0, labels, 0, batch * outputs, gradient, 0, result, resultOffset);
      case MEAN_SQUARED_ERROR -> device.meanSquaredError(
          output, 0, labels, 0, batch * outputs, gradient, 0, result, resultOffset);
      case PERCEPTRON -> throw new UnsupportedOperationException("no Heaviside unit here");
    }
  }

  @Override
  public void copyOutput(hypercolumn.runtime.HostCopy copy, int batch) {
    copy.start(output, 0, batch * outputs);
  }

  private float lossInto(int batch, Tensor gradient) {
    return switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> device.softmaxCrossEntropy(
          output, 0, labels, 0, batch, outputs, false, gradient, 0);
      case BINARY_CROSS_ENTROPY -> device.binaryCrossEntropyWithLogits(
          output, 0, labels, 0, batch * outputs, gradient, 0);
      case MEAN_SQUARED_ERROR -> device.meanSquaredError(
          output, 0, labels, 0, batch * outputs, gradient, 0);
      case PERCEPTRON -> throw new UnsupportedOperationException("no Heaviside unit here");
    };
  }

  @Override
  public void backward(int batch) {
    // dW (O, I) = dY^T (O, B) x X (B, I); db (O) = column sums of dY (B, O)
    device.gemm(true, false, outputs, inputs, batch, 1f, outputGradient, 0, outputs, input, 0,
        inputs, 0f, gradients, 0, inputs);
    device.sumRows(outputGradient, 0, batch, outputs, 0f, gradients, outputs * inputs);
    if (stateSize > 0) {
      device.fill(gradients, outputs * inputs + outputs, stateSize, 1f);
    }
  }

  @Override
  public void readOutput(float[] target, int offset, int batch) {
    device.download(output, 0, target, offset, batch * outputs);
  }

  @Override
  public String summary() {
    return name + ": fc Dense " + outputs + " (" + parameterCount() + " parameters)";
  }
}
