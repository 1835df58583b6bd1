package hypercolumn.processor.check;

import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/** An activation layer's alpha, by the same rule as {@code @Dense}'s. */
final class ActivationLayerRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    for (LayerSpec layer : network.layers()) {
      if (layer instanceof ActivationSpec activation) {
        DenseAttributesRule.checkAlpha("Activation", "@ActivationLayer", activation.name(), activation.activation(),
            activation.alpha(), activation.origin(), out);
      }
    }
  }
}
