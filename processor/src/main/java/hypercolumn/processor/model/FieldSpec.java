package hypercolumn.processor.model;

import java.util.List;

/**
 * A field of the network class that is a layer or was meant to be one: typed {@link
 * hypercolumn.Layer} or carrying a layer annotation.
 *
 * @param layerTyped whether the field's type is {@code hypercolumn.Layer}
 * @param type the field's type as written, for diagnostics
 * @param layers its layer annotations, in source order (exactly one when valid)
 */
public record FieldSpec(
    String name,
    Origin origin,
    boolean layerTyped,
    String type,
    boolean isPrivate,
    boolean isFinal,
    boolean isStatic,
    List<LayerSpec> layers) {
  public FieldSpec {
    layers = List.copyOf(layers);
  }
}
