package hypercolumn.runtime.cpu;

/**
 * Whether the CPU device's GEMM runs on the Java Vector API, and if not, why, in words a user
 * can act on. The vector GEMM is about twice as fast as the plain one; a JVM started without
 * {@code --add-modules jdk.incubator.vector} used to fall back to the plain one without a word.
 * Two cases are told apart: the module is absent (the fix is a JVM flag), or it is present but
 * not used (a system property asks for the plain GEMM, or the CPU's vectors are narrower than the
 * 256 bits the vector kernel is written for, where the Vector API would fall back to slow scalar
 * code).
 *
 * @param vector whether the vector GEMM runs
 * @param reason why the plain GEMM runs; empty when the vector one does
 */
record VectorApiStatus(boolean vector, String reason) {
  /** The module that holds the Vector API. */
  static final String MODULE = "jdk.incubator.vector";

  /** The JVM option that adds the module, as {@code java} takes it. */
  static final String FLAG = "--add-modules " + MODULE;

  /** Vector width the micro-kernel is written for (eight floats). */
  static final int KERNEL_BITS = 256;

  /** The status of this JVM: the property, the boot layer and the CPU's preferred vector size. */
  static VectorApiStatus detect() {
    boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
    // VectorMicroKernel (and with it the module's classes) is only loaded when the module is there.
    int bits = present ? VectorMicroKernel.preferredBits() : 0;
    return of(System.getProperty(GemmKernel.PROPERTY, ""), present, bits);
  }

  /**
   * The status for a value of {@code -Dhypercolumn.gemm} ({@code ""}, {@code plain} or {@code
   * vector}), whether the module is in the boot layer, and the CPU's preferred vector size.
   *
   * @throws IllegalArgumentException if the property has another value
   * @throws IllegalStateException if the property asks for the vector GEMM without the module
   */
  static VectorApiStatus of(String property, boolean modulePresent, int preferredBits) {
    if (!property.isEmpty() && !property.equals("plain") && !property.equals("vector")) {
      throw new IllegalArgumentException("system property " + GemmKernel.PROPERTY
          + " must be 'plain' or 'vector', found '" + property + "'");
    }
    if (property.equals("vector")) {
      if (!modulePresent) {
        throw new IllegalStateException(
            GemmKernel.PROPERTY + "=vector needs the JVM started with " + FLAG);
      }
      return new VectorApiStatus(true, "");
    }
    if (!modulePresent) {
      return new VectorApiStatus(false, "module " + MODULE + " is absent, so about half the"
          + " speed; enable it with java " + FLAG + " (mvn exec:java: MAVEN_OPTS=\"" + FLAG
          + "\"; mvn exec:exec: add it to the arguments; surefire: <argLine>" + FLAG
          + "</argLine>)");
    }
    if (property.equals("plain")) {
      return new VectorApiStatus(false, "module " + MODULE + " is present but not used:"
          + " -D" + GemmKernel.PROPERTY + "=plain asks for the plain GEMM");
    }
    if (preferredBits < KERNEL_BITS) {
      return new VectorApiStatus(false, "module " + MODULE + " is present but not used: this"
          + " CPU's vectors are " + preferredBits + " bits, the vector GEMM needs " + KERNEL_BITS
          + " (-D" + GemmKernel.PROPERTY + "=vector forces it)");
    }
    return new VectorApiStatus(true, "");
  }

  /** A status for a device built with the GEMM its caller chose. */
  static VectorApiStatus chosen(boolean vector) {
    return new VectorApiStatus(vector, vector ? "" : "the plain GEMM was asked for");
  }

  /** {@code "vector GEMM"}, or {@code "plain GEMM: "} and the reason. */
  String describe() {
    return vector ? "vector GEMM" : "plain GEMM: " + reason;
  }
}
