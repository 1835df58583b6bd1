package hypercolumn.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How an algorithm is picked from a Find result; the oracle is the hand-written list of each
 * case (cuDNN reports fastest first) and the rule: the first with success status, a workspace
 * that fits, and, by default, deterministic.
 */
class ConvolutionAlgorithmsTest {
  // Fastest first: a non-deterministic 0, an oversized 1, a failed 2, a deterministic 3.
  private static final int[] ALGOS = {0, 1, 2, 3};
  private static final int[] STATUSES = {0, 0, 9, 0};
  private static final long[] MEMORY = {0, 1 << 30, 0, 4096};
  private static final int[] DETERMINISM = {0, 1, 1, 1};

  @Test
  void byDefaultTheFastestDeterministicAlgorithmThatSucceededAndFitsIsChosen() {
    assertEquals(3, ConvolutionAlgorithms.choose("find", 4, ALGOS, STATUSES, MEMORY, DETERMINISM, 1 << 20, false));
  }

  @Test
  void optingOutOfDeterminismTakesTheFastest() {
    assertEquals(0, ConvolutionAlgorithms.choose("find", 4, ALGOS, STATUSES, MEMORY, DETERMINISM, 1 << 20, true));
  }

  @Test
  void aLargerWorkspaceAdmitsTheAlgorithmThatNeedsIt() {
    assertEquals(1, ConvolutionAlgorithms.choose("find", 4, ALGOS, STATUSES, MEMORY, DETERMINISM, 1L << 30, false));
  }

  @Test
  void noQualifyingAlgorithmIsAnErrorThatListsWhatFindReported() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ConvolutionAlgorithms.choose("cudnnFindConvolutionBackwardDataAlgorithmEx", 2, ALGOS, STATUSES, MEMORY,
            DETERMINISM, 1 << 20, false));
    assertTrue(e.getMessage().startsWith("cudnnFindConvolutionBackwardDataAlgorithmEx found no deterministic algorithm"
        + " within a workspace of 1048576 B: algorithm 0 status 0 workspace 0 B non-deterministic, algorithm 1 status 0"
        + " workspace 1073741824 B deterministic"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dhypercolumn.cudnn.nondeterministic=true"), e.getMessage());
  }
}
