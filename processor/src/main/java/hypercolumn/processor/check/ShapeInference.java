package hypercolumn.processor.check;

import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.BatchNormSpec;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.LayerShapes;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Infers every layer's output shape from the input, once, and checks that each layer accepts
 * what the layer before it produces. Only the first mismatch is reported: later shapes are
 * still inferred (every kind's inference is defined on any input, so the loss rule sees what
 * it always saw), but a mismatch after a mismatch would be a guess.
 */
final class ShapeInference {

  CheckedNetwork infer(NetworkSpec network, List<Diagnostic> out) {
    List<LayerShapes> layers = new ArrayList<>();
    Shape shape = network.input();
    String producer = null;
    boolean rejected = false;
    for (LayerSpec layer : network.layers()) {
      Optional<Diagnostic> rejection = rejects(layer, shape, producer);
      if (rejection.isPresent() && !rejected) {
        out.add(rejection.get());
        rejected = true;
      }
      Shape output = layer.outputShape(shape);
      layers.add(new LayerShapes(layer, shape, output));
      shape = output;
      producer = layer.name();
    }
    return new CheckedNetwork(network, layers);
  }

  /**
   * Why a layer cannot take an input shape, if it cannot: each kind's own condition. A dense
   * layer, a batch norm and an activation layer take a flat input (a softmax is a row operation;
   * batch norm and activation layers over channels are not lowered yet); dropout takes any; the
   * image kinds are {@link WindowChecks}'s.
   *
   * @param producer the layer that produced the input, or null for the network's input
   */
  private static Optional<Diagnostic> rejects(LayerSpec layer, Shape input, String producer) {
    if (layer instanceof DenseSpec dense && input.rank() != 1) {
      return Optional.of(Diagnostic.error(Messages.denseNeedsFlat(dense.name(), producer, input), dense.origin()));
    }
    if (layer instanceof BatchNormSpec norm && input.rank() != 1) {
      return Optional.of(Diagnostic.error(Messages.batchNormNeedsFlat(norm.name(), producer, input), norm.origin()));
    }
    if (layer instanceof ActivationSpec activation && input.rank() != 1) {
      return Optional.of(Diagnostic.error(
          Messages.activationNeedsFlat(activation.name(), activation.activation(), producer, input), activation.origin()));
    }
    return WindowChecks.rejects(layer, input, producer);
  }
}
