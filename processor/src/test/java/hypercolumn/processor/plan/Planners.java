package hypercolumn.processor.plan;

import hypercolumn.processor.check.Checker;
import hypercolumn.processor.model.NetworkSpec;

/** The planner's tests plan what the checker accepted, as the processor does. */
final class Planners {
  private Planners() {}

  static NetworkPlan plan(NetworkSpec network) {
    Checker.Result checked = new Checker().check(network);
    return new Planner().plan(checked.network().orElseThrow(
        () -> new AssertionError("Expected a valid network, found " + checked.diagnostics())));
  }
}
