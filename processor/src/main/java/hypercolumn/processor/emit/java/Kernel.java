package hypercolumn.processor.emit.java;

import hypercolumn.processor.plan.pointwise.KernelPlan;
import java.util.List;

/**
 * One fused pointwise kernel of a generated class: its device-neutral description, with the
 * nested class that runs it on the host, the constant holding its instance and the
 * preallocated argument arrays of its launch.
 *
 * @param arguments the buffers in launch order
 * @param scalarsField the per-instance scalars array set before each launch, or null for none
 */
record Kernel(
    KernelPlan plan,
    String className,
    String constant,
    String tensorsField,
    String offsetsField,
    String scalarsField,
    List<Argument> arguments) {

  /**
   * A buffer the kernel reads or writes.
   *
   * @param local the array's name inside the kernel, for example {@code output}
   * @param tensorField the field holding the tensor, {@code arena} or {@code parameters}
   * @param offsetExpression the offset as the generated class computes it
   */
  record Argument(String local, String tensorField, String offsetExpression) {}
}
