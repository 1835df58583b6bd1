package hypercolumn.processor.plan;

import java.util.Optional;

/**
 * A unit of generated code: a layer together with the pointwise layers fused into it. Forward
 * runs the blocks in order, backward in reverse.
 */
public sealed interface Block permits DenseBlock, DropoutBlock {
  /** The buffer the block reads. */
  Buffer input();

  /** The buffer the next block reads. */
  Buffer finalOutput();

  /**
   * The gradient with respect to {@link #finalOutput()}, present if the block runs backward at
   * all (some layer at or before it has parameters).
   */
  Optional<Buffer> outputGradient();
}
