package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.LayerSpec;
import java.util.List;
import java.util.Optional;

/**
 * The Heaviside step has no gradient, so it may only end a network trained with the perceptron
 * criterion, whose gradient is defined to pass straight through it.
 */
final class HeavisideRule implements ShapedRule {
  @Override
  public void check(CheckedNetwork network, List<Diagnostic> out) {
    List<LayerSpec> layers = network.spec().layers();
    boolean perceptron = network.spec().loss().equals(Optional.of(Loss.PERCEPTRON));
    for (int i = 0; i < layers.size(); i++) {
      Optional<LayerActivation> named = LayerActivation.of(layers.get(i));
      if (named.isPresent() && named.get().activation() == Activation.HEAVISIDE) {
        boolean allowed = perceptron && i == layers.size() - 1;
        if (!allowed) {
          out.add(Diagnostic.error(Messages.heavisideNotTrainable(named.get().kind(), named.get().layer()),
              named.get().origin()));
        }
      }
    }
  }
}
