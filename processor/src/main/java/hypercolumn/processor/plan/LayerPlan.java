package hypercolumn.processor.plan;

import hypercolumn.processor.model.Shape;

/** One layer as the summary and the user's {@code Layer} field see it. */
public record LayerPlan(
    String name,
    String kind,
    Shape outputShape,
    int parameterOffset,
    int parameterCount,
    long forwardFlops,
    long backwardFlops) {}
