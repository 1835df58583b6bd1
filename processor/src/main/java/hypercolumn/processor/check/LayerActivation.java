package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.Origin;
import java.util.Optional;

/**
 * The activation a layer names, for the rules about activations: a dense layer's {@code
 * activation} and an activation layer's {@code value} read alike, so {@code @Dense(10)} then
 * {@code @ActivationLayer(SOFTMAX)} meets the same rules as {@code @Dense(value = 10,
 * activation = SOFTMAX)}.
 *
 * @param kind the annotation as messages name it, {@code @Dense} or {@code @ActivationLayer}
 * @param origin the attribute that names the activation
 */
record LayerActivation(String layer, String kind, Activation activation, Origin origin) {

  /** The activation the layer names, or empty for a kind that names none. */
  static Optional<LayerActivation> of(LayerSpec layer) {
    if (layer instanceof DenseSpec dense) {
      return Optional.of(new LayerActivation(dense.name(), "@Dense", dense.activation(),
          dense.origin().attribute("activation")));
    } else if (layer instanceof Conv2DSpec conv) {
      return Optional.of(new LayerActivation(conv.name(), "@Conv2D", conv.activation(),
          conv.origin().attribute("activation")));
    } else if (layer instanceof ActivationSpec activation) {
      return Optional.of(new LayerActivation(activation.name(), "@ActivationLayer", activation.activation(),
          activation.origin().attribute("value")));
    }
    return Optional.empty();
  }
}
