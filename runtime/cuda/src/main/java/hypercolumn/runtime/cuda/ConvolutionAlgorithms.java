package hypercolumn.runtime.cuda;

/**
 * Which of cuDNN's algorithms a convolution uses, chosen once per shape from what {@code
 * Find*AlgorithmEx} measured (fastest first). By default only deterministic algorithms qualify,
 * so a seeded run repeats bit for bit; {@value #NONDETERMINISTIC_PROPERTY}{@code =true} lets the
 * fastest win whatever it is (cuDNN's atomics-based backward algorithms among them).
 */
final class ConvolutionAlgorithms {
  static final String NONDETERMINISTIC_PROPERTY = "hypercolumn.cudnn.nondeterministic";
  private static final int DETERMINISTIC = 1; // CUDNN_DETERMINISTIC

  private ConvolutionAlgorithms() {}

  /** Whether this run may use non-deterministic algorithms. */
  static boolean allowNondeterministic() {
    return Boolean.getBoolean(NONDETERMINISTIC_PROPERTY);
  }

  /**
   * The first usable algorithm of a Find result: status success, a workspace that fits, and
   * deterministic unless allowed otherwise.
   *
   * @throws IllegalStateException naming {@code call} and what it reported, if none qualifies
   */
  static int choose(String call, int returned, int[] algos, int[] statuses, long[] memory, int[] determinism,
      long workspaceBytes, boolean allowNondeterministic) {
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < returned; i++) {
      if (statuses[i] == 0 && memory[i] <= workspaceBytes
          && (allowNondeterministic || determinism[i] == DETERMINISTIC)) {
        return algos[i];
      }
      seen.append(seen.length() == 0 ? "" : ", ").append("algorithm ").append(algos[i]).append(" status ")
          .append(statuses[i]).append(" workspace ").append(memory[i]).append(" B")
          .append(determinism[i] == DETERMINISTIC ? " deterministic" : " non-deterministic");
    }
    throw new IllegalStateException(call + " found no " + (allowNondeterministic ? "" : "deterministic ")
        + "algorithm within a workspace of " + workspaceBytes + " B: " + (seen.length() == 0 ? "none returned" : seen)
        + (allowNondeterministic ? "" : "; -D" + NONDETERMINISTIC_PROPERTY + "=true admits the others"));
  }
}
