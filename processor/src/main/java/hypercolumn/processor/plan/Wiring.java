package hypercolumn.processor.plan;

import java.util.Optional;

/**
 * How a block is connected to its neighbours, decided by the planner once every block has
 * declared its outputs.
 *
 * @param input what the block reads: the network's input or the previous block's last output
 * @param outputGradient the gradient of the block's last output, present if the block runs
 *     backward (some block at or before it has parameters)
 * @param inputGradient where backward writes the gradient of the block's input, present if the
 *     block below runs backward
 * @param lossTakesProbabilities whether the block ends the network under softmax cross
 *     entropy, whose loss takes a softmax output as probabilities
 */
public record Wiring(
    Operand input, Optional<String> outputGradient, Optional<String> inputGradient, boolean lossTakesProbabilities) {}
