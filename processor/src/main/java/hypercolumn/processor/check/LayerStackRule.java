package hypercolumn.processor.check;

import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/** A network has at least one layer and does not end in dropout. */
final class LayerStackRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    List<LayerSpec> layers = network.layers();
    if (layers.isEmpty()) {
      out.add(Diagnostic.error(Messages.noLayers(network.simpleName()), network.origin().declaration()));
      return;
    }
    LayerSpec last = layers.get(layers.size() - 1);
    if (last instanceof DropoutSpec) {
      out.add(Diagnostic.error(Messages.dropoutLast(last.name()), last.origin()));
    }
  }
}
