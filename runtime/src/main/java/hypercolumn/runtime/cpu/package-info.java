/**
 * The CPU device: host float arrays, a blocked multi-threaded GEMM (a Vector API micro-kernel
 * when the JVM has {@code jdk.incubator.vector}, plain Java that C2 vectorizes otherwise), the
 * pointwise, softmax, loss and optimizer loops, all run on one pool of persistent worker
 * threads. A steady-state call allocates nothing.
 */
package hypercolumn.runtime.cpu;
