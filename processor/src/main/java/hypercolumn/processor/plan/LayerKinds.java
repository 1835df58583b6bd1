package hypercolumn.processor.plan;

import hypercolumn.processor.model.ActivationSpec;
import hypercolumn.processor.model.BatchNormSpec;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.Conv2DSpec;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.FlattenSpec;
import hypercolumn.processor.model.GlobalAvgPool2DSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.Pool2DSpec;

/** Picks the lowering of a layer's kind; the one place the planner looks at kinds. */
final class LayerKinds implements LayerSpec.Visitor<Lowering> {
  private final CheckedNetwork network;
  private final int index;
  private final BufferNames names;
  private final ParameterLayout parameters;

  /**
   * @param index the layer's index in the network
   * @param parameters where the layer's parameters go in the flat buffer
   */
  LayerKinds(CheckedNetwork network, int index, BufferNames names, ParameterLayout parameters) {
    this.network = network;
    this.index = index;
    this.names = names;
    this.parameters = parameters;
  }

  @Override
  public Lowering dense(DenseSpec dense) {
    return new DenseLowering(dense, network, index, names, parameters);
  }

  @Override
  public Lowering activation(ActivationSpec activation) {
    return new ActivationLowering(activation, network.layers().get(index).output(), names, parameters.size());
  }

  @Override
  public Lowering batchNorm(BatchNormSpec batchNorm) {
    return new BatchNormLowering(batchNorm, network.layers().get(index).output(), names, parameters);
  }

  @Override
  public Lowering dropout(DropoutSpec dropout) {
    return new DropoutLowering(dropout, network.layers().get(index).output(), index, names, parameters.size());
  }

  @Override
  public Lowering conv2d(Conv2DSpec conv) {
    throw new IllegalStateException(conv.kind() + " is not lowered yet");
  }

  @Override
  public Lowering pool2d(Pool2DSpec pool) {
    throw new IllegalStateException(pool.kind() + " is not lowered yet");
  }

  @Override
  public Lowering globalAvgPool2d(GlobalAvgPool2DSpec pool) {
    throw new IllegalStateException(pool.kind() + " is not lowered yet");
  }

  @Override
  public Lowering flatten(FlattenSpec flatten) {
    throw new IllegalStateException(flatten.kind() + " is not lowered yet");
  }
}
