package hypercolumn.processor.model;

/**
 * Where in the source a node of the model was written. It is opaque to every stage but the
 * parser (which wraps the javac element, annotation mirror and annotation value) and the
 * reporter that hands it back to javac.
 */
public interface Origin {
  /** An origin for code built without javac, such as the planner's tests. */
  Origin NONE = attribute -> Origin.NONE;

  /**
   * The origin of one attribute of this node's annotation, for example {@code units}, if the
   * user wrote it; otherwise this origin, so a diagnostic still lands on the annotation.
   */
  Origin attribute(String name);

  /** The declaration alone (the class or field), for diagnostics about it rather than its annotation. */
  default Origin declaration() {
    return this;
  }
}
