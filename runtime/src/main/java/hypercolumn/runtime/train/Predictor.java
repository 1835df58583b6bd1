package hypercolumn.runtime.train;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.data.Scaler;
import hypercolumn.runtime.io.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trained model and the scaler its inputs go through, which predicts on raw measurements:
 *
 * <pre>{@code
 * Weights.save(net, file, scaler);                       // after training
 * Predictor predictor = Predictor.load(new IrisMlpNet(device), file);
 * Predictions p = predictor.predict(new float[][] {{5.1f, 3.5f, 1.4f, 0.2f}});
 * int species = p.predictedClass(0);
 * }</pre>
 */
public final class Predictor {
  private final Model model;
  private final Scaler scaler;
  private final Trainer trainer;

  private Predictor(Model model, Scaler scaler) {
    this.model = model;
    this.scaler = scaler;
    this.trainer = Trainer.of(model).quiet();
  }

  /**
   * Loads the weights of {@code file} into the model, with the scaler saved beside them if any
   * ({@link Weights#save(Model, Path, Scaler)}).
   *
   * @throws IOException if the file does not fit the model, as {@link Weights#load} says, or its
   *     scaler was fitted on another number of features than the model takes
   * @param model a network of the kind the file was saved from; its weights are replaced
   * @param file a weight file
   * @return a predictor for the model
   */
  public static Predictor load(Model model, Path file) throws IOException {
    Optional<Scaler> scaler = Weights.readScaler(file);
    if (scaler.isPresent() && scaler.get().featureSize() != model.inputSize()) {
      throw new IOException(file + ": its scaler was fitted on " + scaler.get().featureSize()
          + " features per sample, but network " + model.name() + " takes " + model.inputSize());
    }
    Weights.load(model, file);
    return new Predictor(model, scaler.orElse(null));
  }

  /**
   * A predictor for a model in memory; {@code scaler} may be null for inputs used as they are.
   *
   * @param model a trained network
   * @param scaler the scaler its training data went through, or null
   * @return a predictor for the model
   */
  public static Predictor of(Model model, Scaler scaler) {
    if (scaler != null && scaler.featureSize() != model.inputSize()) {
      throw new IllegalArgumentException("the scaler was fitted on " + scaler.featureSize()
          + " features per sample, but network " + model.name() + " takes " + model.inputSize());
    }
    return new Predictor(model, scaler);
  }

  /** {@return the model predictions are made with} */
  public Model model() {
    return model;
  }

  /** {@return the scaler raw samples go through, if the model was saved with one} */
  public Optional<Scaler> scaler() {
    return Optional.ofNullable(scaler);
  }

  /**
   * Predictions for raw samples, one row each of {@link Model#inputSize()} values, scaled as in
   * training first.
   *
   * @param rawSamples one row per sample, as measured
   * @return the predictions, one per row
   */
  public Predictions predict(float[][] rawSamples) {
    int width = model.inputSize();
    float[] flat = new float[rawSamples.length * width];
    for (int i = 0; i < rawSamples.length; i++) {
      float[] sample = scaler != null ? scaler.transform(rawSamples[i]) : rawSamples[i];
      if (sample.length != width) {
        throw new IllegalArgumentException("network " + model.name() + " takes " + width
            + " values per sample, sample " + i + " has " + sample.length);
      }
      System.arraycopy(sample, 0, flat, i * width, width);
    }
    return trainer.predictions(flat, rawSamples.length);
  }
}
