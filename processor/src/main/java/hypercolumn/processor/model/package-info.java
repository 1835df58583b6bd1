/**
 * The immutable model of what the user wrote: a {@link hypercolumn.processor.model.NetworkSpec}
 * with its fields and layers, every node carrying an {@link hypercolumn.processor.model.Origin}
 * so a diagnostic can point at the annotation value at fault. Nothing here touches {@code
 * javax.lang.model}, so the later stages (check, plan, emit) can be tested without javac.
 */
package hypercolumn.processor.model;
