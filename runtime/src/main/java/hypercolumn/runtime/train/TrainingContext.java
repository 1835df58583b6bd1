package hypercolumn.runtime.train;

import hypercolumn.runtime.Model;

/**
 * What a {@link Callback} may see and touch during {@link Trainer#fit}: the model (its weights
 * through the device), the optimizer (to change the learning rate), and the history so far.
 *
 * @param model the network being trained
 * @param optimizer the optimizer updating it; {@link Optimizer#setLearningRate} takes effect from
 *     the next step
 * @param epochs the number of epochs the fit was asked to run
 * @param hasValidation whether each epoch is evaluated on validation data
 * @param history the epochs finished so far
 */
public record TrainingContext(
    Model model, Optimizer optimizer, int epochs, boolean hasValidation, History history) {}
