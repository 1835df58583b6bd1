/**
 * Training: {@link hypercolumn.runtime.train.Trainer} (fit, evaluate, predict), the optimizers
 * (SGD with momentum or Nesterov, RMSprop, Adam, each PyTorch's rule over the whole flat
 * parameter buffer), callbacks ({@link hypercolumn.runtime.train.EarlyStopping}, {@link
 * hypercolumn.runtime.train.LearningRateSchedule}), L1/L2 regularization and the history of a
 * fit.
 */
package hypercolumn.runtime.train;
