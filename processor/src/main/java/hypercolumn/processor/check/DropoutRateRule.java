package hypercolumn.processor.check;

import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/** A dropout rate is given once and lies in [0, 1). */
final class DropoutRateRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    for (LayerSpec layer : network.layers()) {
      if (!(layer instanceof DropoutSpec dropout)) {
        continue;
      }
      if (dropout.value().isPresent() && dropout.rate().isPresent()) {
        out.add(
            Diagnostic.error(
                Messages.dropoutRateTwice(dropout.name(), dropout.value().getAsDouble(), dropout.rate().getAsDouble()),
                dropout.origin().attribute("rate")));
      } else if (dropout.value().isEmpty() && dropout.rate().isEmpty()) {
        out.add(Diagnostic.error(Messages.dropoutRateMissing(dropout.name()), dropout.origin()));
      } else {
        double rate = dropout.probability();
        if (!(rate >= 0 && rate < 1)) {
          String attribute = dropout.rate().isPresent() ? "rate" : "value";
          out.add(Diagnostic.error(Messages.dropoutRateOutOfRange(dropout.name(), rate), dropout.origin().attribute(attribute)));
        }
      }
    }
  }
}
