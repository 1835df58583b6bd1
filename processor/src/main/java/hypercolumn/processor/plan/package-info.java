/**
 * Decides everything the generated code hard-wires, without javac, from a checked network and
 * the shapes the checker inferred: each layer kind's {@link hypercolumn.processor.plan.Lowering}
 * declares its parameters (PyTorch's names and layouts, in one flat buffer), its outputs, the
 * buffers it saves for backward and its forward and backward as a short list of device-neutral
 * {@link hypercolumn.processor.plan.Op}s, with the pointwise runs fused into one kernel ({@code
 * plan.pointwise}); {@link hypercolumn.processor.plan.Lifetimes} works out buffer lifetimes from
 * the ops and places the buffers in their arenas by kind; and the summary's FLOPs and memory.
 * The planner assumes a network the checker accepted.
 */
package hypercolumn.processor.plan;
