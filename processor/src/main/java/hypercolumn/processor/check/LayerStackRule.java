package hypercolumn.processor.check;

import hypercolumn.processor.model.BatchNormSpec;
import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/**
 * A network has at least one layer, does not end in dropout, and has something to train: a
 * stack of poolings and flattens alone has no parameter, so an optimizer would have nothing to
 * update (PyTorch refuses an empty parameter list too).
 */
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
    if (layers.stream().noneMatch(LayerStackRule::trainable)) {
      out.add(Diagnostic.error(Messages.nothingToTrain(network.simpleName(),
          layers.stream().map(LayerSpec::kind).toList()), network.origin().declaration()));
    }
  }

  private static boolean trainable(LayerSpec layer) {
    return layer instanceof DenseSpec || layer instanceof Conv2DSpec
        || layer instanceof BatchNormSpec norm && norm.affine();
  }
}
