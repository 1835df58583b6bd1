package hypercolumn.runtime.train;

import hypercolumn.Layer;
import hypercolumn.Loss;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.data.Dataset;
import hypercolumn.runtime.data.Split;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Trains, evaluates and runs a {@link Model}:
 *
 * <pre>{@code
 * History h = Trainer.of(net).optimizer(Adam.lr(1e-3f)).batchSize(128).epochs(5)
 *     .validation(test).callbacks(EarlyStopping.patience(2)).fit(train);
 * }</pre>
 *
 * <p>Each epoch visits the training samples in an order shuffled from {@code (seed, epoch)};
 * step {@code s} (counted from 0 over the whole fit) draws its dropout masks from {@code
 * Rng.key(seed, 1, s)}. So a fit from the same initial weights with the same seed repeats bit
 * for bit. {@code fit} does not initialize the weights: that is {@link Model#initialize}'s job,
 * and it lets a fit continue from loaded weights.
 *
 * <p>A loss that becomes NaN or infinite stops training: the weights go back to where they were
 * at the end of the last finished epoch and the history says it {@linkplain History#diverged()
 * diverged}.
 */
public final class Trainer {
  private final Model model;
  private Optimizer optimizer;
  private int batchSize = 32;
  private int epochs = 1;
  private long seed;
  private Dataset validation;
  private double validationFraction;
  private List<Callback> callbacks = List.of();
  private Regularization regularization = Regularization.NONE;
  private PrintStream out = System.out;
  private boolean live = System.console() != null;
  private boolean quiet;
  private final Set<String> frozen = new LinkedHashSet<>();

  private Trainer(Model model) {
    this.model = model;
  }

  /**
   * {@return a trainer of {@code model} with the defaults: batch size 32, one epoch, seed 0, no
   * validation, callbacks, regularization or frozen layers; an optimizer must be set before
   * {@link #fit}}
   *
   * @param model the generated network to train, initialized or loaded
   * @throws IllegalArgumentException if {@code model} is null
   */
  public static Trainer of(Model model) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    return new Trainer(model);
  }

  /**
   * Sets the update rule, such as {@code Adam.lr(1e-3f)}; every {@link #fit} attaches it to the
   * model afresh, which restarts its state (momentum, moments, step count).
   *
   * @param optimizer the optimizer, required before {@link #fit}
   * @return this trainer
   */
  public Trainer optimizer(Optimizer optimizer) {
    this.optimizer = optimizer;
    return this;
  }

  /**
   * Sets the samples per step, 32 by default, as Keras's {@code batch_size}; the last batch of an
   * epoch may be smaller.
   *
   * @param batchSize at least 1
   * @return this trainer
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public Trainer batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Sets the passes over the training data, 1 by default, as Keras's {@code epochs}.
   *
   * @param epochs at least 1
   * @return this trainer
   * @throws IllegalArgumentException if {@code epochs < 1}
   */
  public Trainer epochs(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, found " + epochs);
    }
    this.epochs = epochs;
    return this;
  }

  /**
   * Seeds the shuffling, the dropout masks and {@link #validationSplit}; 0 by default.
   *
   * @param seed any value; the same seed repeats a fit bit for bit
   * @return this trainer
   */
  public Trainer seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Sets data evaluated after every epoch ({@code val_loss}, {@code val_acc}), as Keras's {@code
   * validation_data}; none by default.
   *
   * @param validation labelled samples, or null for none
   * @return this trainer
   */
  public Trainer validation(Dataset validation) {
    this.validation = validation;
    return this;
  }

  /**
   * Holds out {@code fraction} of the data given to {@link #fit} and evaluates it after every
   * epoch instead of training on it, as Keras's {@code validation_split}. Unlike Keras, which
   * takes the last samples, the held-out ones are drawn with the trainer's {@link #seed}, and
   * per class ({@link Dataset#stratifiedSplit(double, long)}) when the loss classifies and the
   * labels are class indices; 0 (the default) holds out nothing.
   *
   * @throws IllegalArgumentException unless {@code 0 <= fraction < 1}
   * @param fraction the share of the training data to hold out
   * @return this trainer
   */
  public Trainer validationSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation split must be in [0, 1), found " + fraction);
    }
    this.validationFraction = fraction;
    return this;
  }

  /**
   * Sets the callbacks told of every epoch, such as {@link EarlyStopping}, replacing any given
   * before, as Keras's {@code callbacks}.
   *
   * @param callbacks the callbacks, called in this order
   * @return this trainer
   * @throws NullPointerException if a callback is null
   */
  public Trainer callbacks(Callback... callbacks) {
    this.callbacks = List.of(callbacks);
    return this;
  }

  /**
   * Sets a penalty on every regularized parameter (weights, not biases), added to the loss, as
   * Keras's {@code kernel_regularizer}; none by default.
   *
   * @param regularization the penalty, or null for none
   * @return this trainer
   */
  public Trainer regularization(Regularization regularization) {
    this.regularization = regularization == null ? Regularization.NONE : regularization;
    return this;
  }

  /**
   * Freezes the named layers for the fits that follow, as Keras's {@code layer.trainable =
   * False} or PyTorch's {@code requires_grad_(False)}: their parameters get no update and no
   * penalty, and the optimizer's state for them (momentum, moments) does not move. Backward still
   * computes their gradients, which the optimizer never sees. {@link #unfreeze} trains them again
   * from the next fit on.
   *
   * @param layers names of the model's layers (its fields)
   * @return this trainer
   * @throws IllegalArgumentException if a name is not one of the model's layers
   */
  public Trainer freeze(String... layers) {
    frozen.addAll(checkLayerNames(layers));
    return this;
  }

  /**
   * Trains the named layers again from the next fit on (a no-op for a layer that is not frozen).
   *
   * @param layers names of the model's layers (its fields)
   * @return this trainer
   * @throws IllegalArgumentException if a name is not one of the model's layers
   */
  public Trainer unfreeze(String... layers) {
    frozen.removeAll(checkLayerNames(layers));
    return this;
  }

  /** {@return the names of the frozen layers, in the order they were frozen} */
  public List<String> frozenLayers() {
    return List.copyOf(frozen);
  }

  private List<String> checkLayerNames(String... names) {
    List<String> known = new ArrayList<>();
    for (Layer layer : model.layers()) {
      known.add(layer.name());
    }
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("network " + model.name() + " has no layer '" + name
            + "'; its layers are " + String.join(", ", known));
      }
    }
    return List.of(names);
  }

  /**
   * The model's {@link Model#summary()} with its parameter counts as this trainer trains them,
   * as Keras counts them: {@code Trainable params} are those the optimizer updates, {@code
   * Non-trainable params} those of frozen layers and the state tensors.
   *
   * @return the table, lines separated by {@code \n}
   */
  public String summary() {
    TrainedRanges trained = trainedRanges();
    String trainable = "Trainable params: " + String.format(Locale.ROOT, "%,d", trained.trainableCount());
    String nonTrainable =
        "Non-trainable params: " + String.format(Locale.ROOT, "%,d", trained.nonTrainableCount());
    List<String> lines = new ArrayList<>();
    for (String line : model.summary().split("\n")) {
      if (!line.startsWith("Trainable params:") && !line.startsWith("Non-trainable params:")) {
        lines.add(line); // the model's own counts know nothing of frozen layers
      }
    }
    int at = lines.size();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Total params:")) {
        at = i + 1;
      }
    }
    lines.addAll(at, List.of(trainable, nonTrainable));
    return String.join("\n", lines) + "\n";
  }

  /**
   * Prints progress to {@code out}, one line per epoch, as Keras's {@code verbose=2}.
   *
   * @param out where the lines go
   * @return this trainer
   */
  public Trainer progress(PrintStream out) {
    return progress(out, false);
  }

  /**
   * Prints progress to {@code out}; with {@code live}, also a line per batch rewritten in place,
   * as Keras's {@code verbose=1}. By default progress goes to {@code System.out}, live when there
   * is a console.
   *
   * @param out where the lines go
   * @param live whether a line per batch is rewritten in place with a carriage return
   * @return this trainer
   */
  public Trainer progress(PrintStream out, boolean live) {
    this.out = out;
    this.live = live;
    this.quiet = false;
    return this;
  }

  /**
   * Prints nothing, as Keras's {@code verbose=0}, until {@link #progress} is called again.
   *
   * @return this trainer
   */
  public Trainer quiet() {
    this.quiet = true;
    return this;
  }

  /**
   * Trains on the data set, as Keras's {@code model.fit}, and returns what each epoch measured.
   * The weights are not initialized first (see {@link Model#initialize}).
   *
   * @param train labelled samples of the model's input shape
   * @return the loss and metrics of every epoch, and whether training diverged or stopped early
   * @throws IllegalStateException if no optimizer was set, or both {@link #validation} and
   *     {@link #validationSplit} were given
   * @throws IllegalArgumentException if the data set is null, empty, or its samples or labels do
   *     not fit the model and its loss, or
   *     {@link #validationSplit} leaves no sample on one side
   */
  public History fit(Dataset train) {
    if (optimizer == null) {
      throw new IllegalStateException(
          "no optimizer: call optimizer(Sgd.lr(0.01f)), optimizer(Adam.lr(1e-3f)) or another before fit");
    }
    checkData(train, "training data");
    Dataset fitOn = train;
    Dataset heldOut = validation;
    if (validationFraction > 0) {
      if (validation != null) {
        throw new IllegalStateException("both validation(data) and validationSplit("
            + validationFraction + ") were given; use one");
      }
      Split split = model.loss() != Loss.MEAN_SQUARED_ERROR && integralSingleLabels(train)
          ? train.stratifiedSplit(1 - validationFraction, seed)
          : train.split(1 - validationFraction, seed);
      fitOn = split.train();
      heldOut = split.test();
      if (fitOn.size() == 0 || heldOut.size() == 0) {
        throw new IllegalArgumentException("validationSplit(" + validationFraction + ") of "
            + train.size() + " samples leaves " + fitOn.size() + " to train on and "
            + heldOut.size() + " to validate on; both need at least one");
      }
    }
    if (heldOut != null) {
      checkData(heldOut, "validation data");
    }
    return new Fit(this, fitOn, heldOut).run();
  }

  private static boolean integralSingleLabels(Dataset data) {
    if (data.labelSize() != 1) {
      return false;
    }
    for (int i = 0; i < data.size(); i++) {
      float label = data.label(i, 0);
      if (label != Math.rint(label) || label < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Mean loss and accuracy of the model on the data set, without dropout, and the per-class
   * metrics ({@link Evaluation#classification()}) when the model predicts one class per sample:
   * softmax cross-entropy, or binary cross-entropy and the perceptron with one output (a label of
   * at least 0.5 counting as class 1).
   *
   * @param data labelled samples, checked as {@link #fit} checks them
   * @return the loss, the accuracy and, for classifiers, the per-class metrics
   * @throws IllegalArgumentException if the data set is null, empty, or its samples or labels do
   *     not fit the model and its loss
   */
  public Evaluation evaluate(Dataset data) {
    checkData(data, "evaluation data");
    Evaluation evaluation = runner().evaluate(data);
    Loss loss = model.loss();
    int width = model.outputSize();
    if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
      return evaluation.withReport(
          ClassificationReport.of(data.classLabels(), predictClasses(data), width));
    }
    if (width == 1 && (loss == Loss.BINARY_CROSS_ENTROPY || loss == Loss.PERCEPTRON)) {
      int[] actual = new int[data.size()];
      for (int i = 0; i < actual.length; i++) {
        actual[i] = data.label(i, 0) >= 0.5f ? 1 : 0;
      }
      return evaluation.withReport(ClassificationReport.of(actual, predictClasses(data), 2));
    }
    return evaluation;
  }

  /**
   * Runs the model without dropout on every sample, as Keras's {@code model.predict}.
   *
   * @param data samples of the model's input shape; labels are ignored
   * @return the outputs, {@link Model#outputSize()} floats a sample, in sample order
   * @throws IllegalArgumentException if the data set is null or its samples do not fit the
   *     model's input
   */
  public float[] predict(Dataset data) {
    checkFeatures(data, "prediction data");
    return runner().predict(data);
  }

  /**
   * Runs the model without dropout on {@code count} row-major samples.
   *
   * @param samples {@code count} samples of {@link Model#inputSize()} floats each, one after
   *     another
   * @param count the number of samples, at least 0
   * @return the outputs, {@link Model#outputSize()} floats a sample, in sample order
   * @throws IllegalArgumentException if {@code count} is negative or {@code samples} is too short
   */
  public float[] predict(float[] samples, int count) {
    long needed = (long) count * model.inputSize();
    if (count < 0 || samples.length < needed) {
      throw new IllegalArgumentException(
          "network " + model.name() + " needs " + model.inputSize() + " floats per sample (shape "
              + Arrays.toString(model.inputShape()) + "): " + count + " samples need " + needed
              + " floats, found " + samples.length);
    }
    return runner().predict(samples, count);
  }

  /**
   * Per-sample predictions: outputs, probabilities by the loss's {@link Link}, classes and top-k.
   *
   * @param data samples of the model's input shape; labels are ignored
   * @return one prediction per sample
   * @throws IllegalArgumentException if the data set is null or its samples do not fit the
   *     model's input
   */
  public Predictions predictions(Dataset data) {
    return new Predictions(model.loss(), predict(data), data.size(), model.outputSize());
  }

  /**
   * Per-sample predictions for {@code count} row-major samples.
   *
   * @param samples {@code count} samples of {@link Model#inputSize()} floats each
   * @param count the number of samples
   * @return one prediction per sample
   * @throws IllegalArgumentException if {@code count} is negative or {@code samples} is too short
   */
  public Predictions predictions(float[] samples, int count) {
    return new Predictions(model.loss(), predict(samples, count), count, model.outputSize());
  }

  /**
   * {@return the predicted class of every sample, as {@link Predictions#classes()} defines it}
   *
   * @param data samples of the model's input shape; labels are ignored
   * @throws IllegalArgumentException if the data set is null or its samples do not fit the
   *     model's input
   */
  public int[] predictClasses(Dataset data) {
    return predictions(data).classes();
  }

  /**
   * {@return the predicted class of each of {@code count} row-major samples, as {@link
   * Predictions#classes()} defines it}
   *
   * @param samples {@code count} samples of {@link Model#inputSize()} floats each
   * @param count the number of samples
   * @throws IllegalArgumentException if {@code count} is negative or {@code samples} is too short
   */
  public int[] predictClasses(float[] samples, int count) {
    return predictions(samples, count).classes();
  }

  StepRunner runner() {
    return new StepRunner(model, batchSize, regularization, trainedRanges());
  }

  TrainedRanges trainedRanges() {
    return TrainedRanges.of(model.parameters(), frozen);
  }

  Model model() {
    return model;
  }

  Optimizer optimizer() {
    return optimizer;
  }

  int batchSize() {
    return batchSize;
  }

  int epochs() {
    return epochs;
  }

  long seed() {
    return seed;
  }

  List<Callback> callbackList() {
    return callbacks;
  }

  Progress newProgress() {
    return new Progress(out, live, quiet);
  }

  /** Dropout key of step {@code step}: stream 1 of the seed. */
  long dropoutKey(long step) {
    return Rng.key(seed, 1, step);
  }

  /** Shuffling key of epoch {@code epoch}: stream 0 of the seed. */
  long shuffleKey(int epoch) {
    return Rng.key(seed, 0, epoch);
  }

  private void checkFeatures(Dataset data, String role) {
    if (data == null) {
      throw new IllegalArgumentException(role + " must not be null");
    }
    try {
      data.validateFeatureSize(model.inputSize(), model.inputShape(), "network " + model.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(role + ": " + e.getMessage(), e);
    }
  }

  /** Features, label size and label values against what the model and its loss expect. */
  void checkData(Dataset data, String role) {
    checkFeatures(data, role);
    if (data.size() == 0) {
      throw new IllegalArgumentException(role + ": the data set is empty");
    }
    String network = "network " + model.name();
    Loss loss = model.loss();
    if (data.labelSize() != model.labelSize()) {
      String hint =
          loss == Loss.SOFTMAX_CROSS_ENTROPY
              ? "; " + loss + " takes one class index per sample, not a one-hot vector"
              : "";
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s: %s (loss %s) expects %d label float%s per sample, but the data set has %d%s",
          role, network, loss, model.labelSize(), model.labelSize() == 1 ? "" : "s",
          data.labelSize(), hint));
    }
    try {
      switch (loss) {
        case SOFTMAX_CROSS_ENTROPY -> data.validateClassLabels(model.outputSize(), network);
        case BINARY_CROSS_ENTROPY -> data.validateLabelRange(0, 1, false, network + " (loss " + loss + ")");
        case PERCEPTRON -> data.validateLabelRange(0, 1, true, network + " (loss " + loss + ")");
        case MEAN_SQUARED_ERROR -> {}
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(role + ": " + e.getMessage(), e);
    }
  }
}
