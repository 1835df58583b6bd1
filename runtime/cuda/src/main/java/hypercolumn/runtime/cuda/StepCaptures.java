package hypercolumn.runtime.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The repeated steps of one CUDA device and how often they were captured into a CUDA graph and
 * replayed, over all of them: tests read the counts to see that a training step runs as one
 * graph, and the device closes the steps that are still open when it closes.
 */
final class StepCaptures {
  private final List<CudaRepeatedStep> open = new ArrayList<>();
  private int captures;
  private int replays;

  void add(CudaRepeatedStep step) {
    open.add(step);
  }

  /** A closed step leaves the list. */
  void forget(CudaRepeatedStep step) {
    open.remove(step);
  }

  void countCapture() {
    captures++;
  }

  void countReplay() {
    replays++;
  }

  int captures() {
    return captures;
  }

  int replays() {
    return replays;
  }

  /** Closes every step still open; each leaves the list as it closes. */
  void closeAll() {
    for (CudaRepeatedStep step : new ArrayList<>(open)) {
      step.close();
    }
  }
}
