package hypercolumn.processor.check;

import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Shape;
import java.util.List;

/**
 * Infers every layer's output shape from the input and checks that each layer accepts what the
 * layer before it produces. It stops at the first mismatch: later shapes would be guesses.
 */
final class ShapeRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    Shape shape = network.input();
    String producer = null;
    for (LayerSpec layer : network.layers()) {
      if (layer instanceof DenseSpec dense && shape.rank() != 1) {
        out.add(Diagnostic.error(Messages.denseNeedsFlat(dense.name(), producer, shape), dense.origin()));
        return;
      }
      shape = layer.outputShape(shape);
      producer = layer.name();
    }
  }
}
