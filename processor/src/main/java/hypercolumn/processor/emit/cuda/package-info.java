/**
 * Writes the CUDA C source of a network's fused pointwise kernels, from the same description
 * the Java kernels come from: one {@code extern "C" __global__} function per kernel, one thread
 * per element with a grid-stride loop, and the counter-based generator as a device function
 * that computes what {@code hypercolumn.runtime.Rng} computes, bit for bit. The source is
 * written next to the generated class as a resource; the launch ABI is documented on {@code
 * hypercolumn.runtime.FusedKernel}.
 */
package hypercolumn.processor.emit.cuda;
