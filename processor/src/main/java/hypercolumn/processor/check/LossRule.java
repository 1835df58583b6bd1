package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.Shape;
import java.util.List;
import java.util.Optional;

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
    // A dense layer's activation and an activation layer read alike.
    Optional<LayerActivation> named = LayerActivation.of(last);
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        if (output.rank() != 1 || output.dim(0) < 2) {
          out.add(Diagnostic.error(Messages.lossNeedsClasses(last.name(), output), unitsOrField(last)));
        } else if (named.filter(a -> a.activation() == Activation.SOFTMAX).isPresent()) {
          out.add(Diagnostic.warning(Messages.softmaxTwice(last.name()), named.get().origin()));
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (named.filter(a -> a.activation() == Activation.SIGMOID).isPresent()) {
          out.add(Diagnostic.error(Messages.sigmoidTwice(last.name()), named.get().origin()));
        }
      }
      case PERCEPTRON -> {
        if (named.filter(a -> a.activation() != Activation.HEAVISIDE).isPresent()) {
          out.add(Diagnostic.error(Messages.perceptronNeedsHeaviside(last.name(), named.get().activation()),
              named.get().origin()));
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
