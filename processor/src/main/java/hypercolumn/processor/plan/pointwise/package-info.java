/**
 * The device-neutral description of the fused pointwise kernels: for each kernel its buffers,
 * scalars and per-element statements in a tiny expression language, and for each buffer the
 * {@code View} that maps an element of the launch to the buffer's element (a row, a bias, a
 * channel, a stride and offset, or a computed index with a padding guard). The Java emitter renders
 * it to the host loop of a {@code FusedKernel}, the CUDA emitter to a {@code __global__}
 * function, so the two devices compute the same thing from one description.
 */
package hypercolumn.processor.plan.pointwise;
