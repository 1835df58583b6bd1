package hypercolumn.processor.plan;

import hypercolumn.processor.model.DropoutSpec;
import java.util.Optional;

/**
 * A dropout that could not be fused into the layer before it (it follows a softmax, another
 * dropout, or the input). Its backward runs in place on the gradient, so {@code outputGradient}
 * is also the gradient of its input.
 */
public record DropoutBlock(
    DropoutSpec spec, int layerIndex, int width, Buffer input, Buffer output, Optional<Buffer> outputGradient)
    implements Block {

  @Override
  public Buffer finalOutput() {
    return output;
  }
}
