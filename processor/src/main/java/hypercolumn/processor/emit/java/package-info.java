/**
 * Writes one Java class per planned network with JavaPoet: a final subclass of the user's class
 * implementing {@code hypercolumn.runtime.Model}, whose forward and backward are straight lines
 * of {@code Device} calls with every shape a constant, and whose fused pointwise kernels are
 * nested {@code FusedKernel} classes with plain loops for the CPU, rendered from the kernel
 * descriptions of {@code plan.pointwise}.
 */
package hypercolumn.processor.emit.java;
