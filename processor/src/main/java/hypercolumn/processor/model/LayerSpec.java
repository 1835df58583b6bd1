package hypercolumn.processor.model;

/**
 * One layer annotation as written on a field. Attributes are kept as written (for example both
 * {@code value} and {@code units} of {@code @Dense}) so the checker can say what is wrong; the
 * resolved value is a method of each kind.
 *
 * <p>To add a layer kind: a record here, its reader in {@code parse.LayerReader}, its shape
 * rule in {@code check}, its block in {@code plan} and its code in {@code emit}.
 */
public sealed interface LayerSpec permits DenseSpec, DropoutSpec {
  /** The field name, which is also the layer's name. */
  String name();

  /** The annotation's simple name, for example {@code Dense}. */
  String kind();

  /** The field and its layer annotation. */
  Origin origin();

  /** Output shape for a given input shape; only called on inputs the checker accepted. */
  Shape outputShape(Shape input);
}
