/**
 * Writes one Java class per planned network with JavaPoet: a final subclass of the user's class
 * implementing {@code hypercolumn.runtime.Model}, whose forward and backward are straight lines
 * of named operations ({@code hypercolumn.runtime.Ops}, kernel launches) printed from the plan's
 * ops, with every shape a constant; the plumbing every network shares is delegated to {@code
 * hypercolumn.runtime.ModelSupport}; and whose fused pointwise kernels are
 * nested {@code FusedKernel} classes with plain loops for the CPU, rendered from the kernel
 * descriptions of {@code plan.pointwise}.
 */
package hypercolumn.processor.emit.java;
