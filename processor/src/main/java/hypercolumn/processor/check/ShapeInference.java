package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.processor.model.ActivationSpec;
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
   * layer takes a flat input, and so does a softmax activation layer (a row operation over the
   * features); a batch norm, a pointwise activation layer and a dropout take a flat input or an
   * image, the only shapes a layer can produce from a valid input; the image kinds are {@link
   * WindowChecks}'s.
   *
   * @param producer the layer that produced the input, or null for the network's input
   */
  private static Optional<Diagnostic> rejects(LayerSpec layer, Shape input, String producer) {
    if (layer instanceof DenseSpec dense && input.rank() != 1) {
      return Optional.of(Diagnostic.error(Messages.denseNeedsFlat(dense.name(), producer, input), dense.origin()));
    }
    if (layer instanceof ActivationSpec activation && activation.activation() == Activation.SOFTMAX
        && input.rank() != 1) {
      return Optional.of(Diagnostic.error(Messages.softmaxNeedsFlat(activation.name(), producer, input),
          activation.origin()));
    }
    return WindowChecks.rejects(layer, input, producer);
  }
}
