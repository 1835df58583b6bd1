package hypercolumn.processor.model;

import java.util.List;

/**
 * A network together with every layer's input and output shape, inferred once by the checker;
 * every later stage reads the shapes from here instead of working them out again.
 *
 * @param layers one entry per layer of {@link NetworkSpec#layers()}, in order
 */
public record CheckedNetwork(NetworkSpec spec, List<LayerShapes> layers) {
  public CheckedNetwork {
    layers = List.copyOf(layers);
  }

  public Shape input() {
    return spec.input();
  }

  /** The last layer's output, or the input of a network without layers. */
  public Shape output() {
    return layers.isEmpty() ? spec.input() : layers.get(layers.size() - 1).output();
  }
}
