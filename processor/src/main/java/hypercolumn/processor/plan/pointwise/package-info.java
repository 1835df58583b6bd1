/**
 * The device-neutral description of the fused pointwise kernels: for each kernel its buffers,
 * scalars and per-element statements in a tiny expression language. The Java emitter renders
 * it to the host loop of a {@code FusedKernel}, the CUDA emitter to a {@code __global__}
 * function, so the two devices compute the same thing from one description.
 */
package hypercolumn.processor.plan.pointwise;
