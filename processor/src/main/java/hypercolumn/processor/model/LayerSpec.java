package hypercolumn.processor.model;

/**
 * One layer annotation as written on a field. Attributes are kept as written (for example both
 * {@code value} and {@code units} of {@code @Dense}) so the checker can say what is wrong; the
 * resolved value is a method of each kind.
 *
 * <p>To add a layer kind (see {@code docs/adding-a-layer-kind.md}): a record here, its reader in
 * {@code parse.LayerReader}, the inputs it rejects in {@code check.ShapeInference}, its lowering
 * in {@code plan} and its kernels in {@code plan.pointwise}.
 */
public sealed interface LayerSpec permits DenseSpec, DropoutSpec, ActivationSpec, BatchNormSpec, Conv2DSpec,
    Pool2DSpec, GlobalAvgPool2DSpec, FlattenSpec {
  /** The field name, which is also the layer's name. */
  String name();

  /** The annotation's simple name, for example {@code Dense}. */
  String kind();

  /** The field and its layer annotation. */
  Origin origin();

  /**
   * The kind's shape inference: the output shape for an input shape. The checker calls it once
   * per layer ({@code check.ShapeInference}) and records the result in the {@link
   * CheckedNetwork}; it is defined for every input, so the shapes after a rejected input are
   * still known.
   */
  Shape outputShape(Shape input);

  /** Calls the visitor's method for this kind, so a stage can act per kind without casts. */
  <R> R accept(Visitor<R> visitor);

  /** One method per layer kind; adding a kind adds a method, and javac lists every stage to extend. */
  interface Visitor<R> {
    R dense(DenseSpec dense);

    R dropout(DropoutSpec dropout);

    R activation(ActivationSpec activation);

    R batchNorm(BatchNormSpec batchNorm);

    R conv2d(Conv2DSpec conv);

    R pool2d(Pool2DSpec pool);

    R globalAvgPool2d(GlobalAvgPool2DSpec pool);

    R flatten(FlattenSpec flatten);
  }
}
