package hypercolumn.processor.check;

import hypercolumn.processor.model.BatchNormSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/** A batch norm's momentum is a weight in [0, 1] and its eps is positive (NaN is neither). */
final class BatchNormAttributesRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    for (LayerSpec layer : network.layers()) {
      if (layer instanceof BatchNormSpec norm) {
        if (!(norm.momentum() >= 0 && norm.momentum() <= 1)) {
          out.add(Diagnostic.error(Messages.batchNormMomentum(norm.name(), norm.momentum()),
              norm.origin().attribute("momentum")));
        }
        if (!(norm.eps() > 0 && Double.isFinite(norm.eps()))) {
          out.add(Diagnostic.error(Messages.batchNormEps(norm.name(), norm.eps()), norm.origin().attribute("eps")));
        }
      }
    }
  }
}
