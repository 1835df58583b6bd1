/**
 * Training: {@link hypercolumn.runtime.train.Trainer} (fit, evaluate, predict), the optimizers
 * (SGD with momentum or Nesterov, RMSprop, Adam, each PyTorch's rule over the whole flat
 * parameter buffer), callbacks ({@link hypercolumn.runtime.train.EarlyStopping}, {@link
 * hypercolumn.runtime.train.LearningRateSchedule}, {@link
 * hypercolumn.runtime.train.ReduceLearningRateOnPlateau}, {@link
 * hypercolumn.runtime.train.CsvLogger}), L1/L2 regularization, the {@link
 * hypercolumn.runtime.train.History} of a fit, and the results of a trained model: its {@link
 * hypercolumn.runtime.train.Evaluation} with a {@link
 * hypercolumn.runtime.train.ClassificationReport}, and {@link
 * hypercolumn.runtime.train.Predictions}, also from a saved model through a {@link
 * hypercolumn.runtime.train.Predictor}.
 */
package hypercolumn.runtime.train;
