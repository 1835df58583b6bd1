package hypercolumn.tests;

import hypercolumn.runtime.Model;
import java.util.Random;

/** A reproducible random batch of inputs and labels of the kind a model's loss expects. */
record RandomBatch(float[] x, float[] y, int batch) {

  static RandomBatch of(Model model, int batch, long seed) {
    Random random = new Random(seed);
    float[] x = new float[batch * model.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] y = new float[batch * model.labelSize()];
    for (int i = 0; i < y.length; i++) {
      y[i] = switch (model.loss()) {
        case SOFTMAX_CROSS_ENTROPY -> random.nextInt(model.outputSize());
        case BINARY_CROSS_ENTROPY, PERCEPTRON -> random.nextInt(2);
        case MEAN_SQUARED_ERROR -> (float) random.nextGaussian();
      };
    }
    return new RandomBatch(x, y, batch);
  }

  /** Reserves room and sets this batch as the model's input and labels. */
  void feed(Model model) {
    model.reserve(batch);
    model.setInput(x, 0, batch);
    model.setLabels(y, 0, batch);
  }
}
