package hypercolumn.processor.plan;

/**
 * The generator key of one dropout's mask, drawn in forward from the step's key and the layer's
 * index, {@code Rng.key(rngKey, layerIndex, 0)}, and read again by backward, which redraws the
 * mask instead of storing it.
 *
 * @param layer the dropout layer's name
 * @param layerIndex its index among the network's layers
 */
public record RandomKey(String layer, int layerIndex) {}
