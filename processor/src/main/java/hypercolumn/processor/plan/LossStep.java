package hypercolumn.processor.plan;

import hypercolumn.Loss;

/**
 * The loss over the network's output and labels, and where its gradient goes.
 *
 * @param size floats per sample of the output
 * @param probabilities whether the output is already a softmax, which the loss then takes as
 *     probabilities while still returning the gradient of the logits
 */
public record LossStep(Loss loss, String output, String labels, String gradient, int size, boolean probabilities) {}
