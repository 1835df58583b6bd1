package hypercolumn.processor.check;

import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/** The input shape is given, flat {n} or an image {C, H, W}, and every size is positive. */
final class InputShapeRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    if (network.input().rank() == 0) {
      out.add(Diagnostic.error(Messages.inputEmpty(network.simpleName()), network.origin().attribute("input")));
      return;
    }
    if (network.input().rank() != 1 && network.input().rank() != 3) {
      out.add(Diagnostic.error(WindowMessages.inputRank(network.simpleName(), network.input()),
          network.origin().attribute("input")));
      return;
    }
    for (int i = 0; i < network.input().rank(); i++) {
      if (network.input().dim(i) <= 0) {
        out.add(
            Diagnostic.error(
                Messages.inputNotPositive(network.simpleName(), network.input(), i),
                network.origin().attribute("input")));
        return;
      }
    }
  }
}
