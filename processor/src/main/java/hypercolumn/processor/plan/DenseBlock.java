package hypercolumn.processor.plan;

import hypercolumn.Activation;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import java.util.Optional;

/**
 * A dense layer, with the dropout after it fused into its pointwise kernel.
 *
 * @param output the activation output {@code y}, kept for backward
 * @param dropout the fused dropout and the buffer it writes, if one follows
 * @param outputGradient gradient of the block's final output; backward turns it, in place, into
 *     the gradient of the pre-activation
 * @param inputGradient where backward writes the gradient of the input, if a layer before needs it
 * @param foldedSoftmax the loss takes the softmax output as probabilities and returns the
 *     gradient of the logits, so backward skips the softmax
 */
public record DenseBlock(
    DenseSpec spec,
    int in,
    int out,
    ParameterSlot weight,
    Optional<ParameterSlot> bias,
    Buffer input,
    Buffer output,
    Optional<FusedDropout> dropout,
    Optional<Buffer> outputGradient,
    Optional<Buffer> inputGradient,
    boolean foldedSoftmax)
    implements Block {

  /** A dropout run in the dense layer's kernel, writing its own buffer. */
  public record FusedDropout(DropoutSpec spec, int layerIndex, Buffer output) {}

  @Override
  public Buffer finalOutput() {
    return dropout.map(FusedDropout::output).orElse(output);
  }

  public Activation activation() {
    return spec.activation();
  }

  /** Whether the activation is computed element by element (softmax is a row operation). */
  public boolean pointwiseActivation() {
    return activation() != Activation.IDENTITY && activation() != Activation.SOFTMAX;
  }

  /** Whether forward needs a fused kernel after the matrix product. */
  public boolean hasForwardKernel() {
    return bias.isPresent() || pointwiseActivation() || dropout.isPresent();
  }

  /**
   * Whether backward needs a fused kernel before the matrix products: the activation's derivative
   * (Heaviside passes the gradient straight through) or the dropout mask.
   */
  public boolean hasBackwardKernel() {
    return (pointwiseActivation() && activation() != Activation.HEAVISIDE) || dropout.isPresent();
  }
}
