/**
 * Decides everything the generated code hard-wires, without javac: each layer's shapes, the
 * parameter layout in one flat buffer (PyTorch's names and layouts), the blocks of operations
 * with the pointwise runs fused into one kernel, the activation arena with buffer offsets
 * planned from liveness, and the FLOPs and memory the summary reports. The planner assumes a
 * network the checker accepted.
 */
package hypercolumn.processor.plan;
