package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.Shape;
import java.util.List;

/** The last layer produces what the loss expects. */
final class LossRule implements ShapedRule {
  @Override
  public void check(CheckedNetwork network, List<Diagnostic> out) {
    List<LayerSpec> layers = network.spec().layers();
    if (layers.isEmpty() || network.spec().loss().isEmpty()) {
      return;
    }
    Loss loss = network.spec().loss().get();
    LayerSpec last = layers.get(layers.size() - 1);
    Shape output = network.output();
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        if (output.rank() != 1 || output.dim(0) < 2) {
          out.add(Diagnostic.error(Messages.lossNeedsClasses(last.name(), output), unitsOrField(last)));
        } else if (last instanceof DenseSpec dense && dense.activation() == Activation.SOFTMAX) {
          out.add(Diagnostic.warning(Messages.softmaxTwice(dense.name()), dense.origin().attribute("activation")));
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (last instanceof DenseSpec dense && dense.activation() == Activation.SIGMOID) {
          out.add(Diagnostic.error(Messages.sigmoidTwice(dense.name()), dense.origin().attribute("activation")));
        }
      }
      case PERCEPTRON -> {
        if (last instanceof DenseSpec dense && dense.activation() != Activation.HEAVISIDE) {
          out.add(
              Diagnostic.error(
                  Messages.perceptronNeedsHeaviside(dense.name(), dense.activation()), dense.origin().attribute("activation")));
        }
      }
      case MEAN_SQUARED_ERROR -> {
        // Any output: every output is compared with its own label.
      }
    }
  }

  private static hypercolumn.processor.model.Origin unitsOrField(LayerSpec layer) {
    if (layer instanceof DenseSpec dense) {
      return dense.origin().attribute(dense.units().isPresent() ? "units" : "value");
    }
    return layer.origin();
  }
}
