package hypercolumn.processor.model;

/** One layer of a checked network with the shapes the checker inferred for it, per sample. */
public record LayerShapes(LayerSpec layer, Shape input, Shape output) {
  public String name() {
    return layer.name();
  }
}
