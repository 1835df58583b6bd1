package hypercolumn.processor.emit.java;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * One fused pointwise kernel of a generated class: the nested class that runs it on the host,
 * the constant holding its instance and the preallocated argument arrays of its launch.
 *
 * @param cudaName the kernel's name on the GPU, for example {@code hidden1_forward_kernel}
 * @param arguments the buffers in launch order
 * @param scalarsField the per-instance scalars array set before each launch, or null for none
 * @param body the loop over {@code (rows, columns)}, using the argument names and {@code row}
 */
record Kernel(
    String cudaName,
    String className,
    String constant,
    String tensorsField,
    String offsetsField,
    String scalarsField,
    int columns,
    List<Argument> arguments,
    String description,
    CodeBlock body) {

  /**
   * A buffer the kernel reads or writes.
   *
   * @param local the array's name inside the kernel, for example {@code output}
   * @param tensorField the field holding the tensor, {@code arena} or {@code parameters}
   * @param offsetExpression the offset as the generated class computes it
   */
  record Argument(String local, String tensorField, String offsetExpression) {}
}
