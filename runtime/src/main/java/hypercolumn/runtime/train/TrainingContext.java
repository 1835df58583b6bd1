package hypercolumn.runtime.train;

import hypercolumn.runtime.Model;

/**
 * What a {@link Callback} may see and touch during {@link Trainer#fit}: the model (its weights
 * through the device), the optimizer (to change the learning rate), and the history so far.
 */
public record TrainingContext(
    Model model, Optimizer optimizer, int epochs, boolean hasValidation, History history) {}
