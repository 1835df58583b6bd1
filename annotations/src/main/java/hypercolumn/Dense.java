package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer: {@code y = activation(x W^T + b)} with PyTorch's parameter layout,
 * weight {@code [units, in]} and bias {@code [units]}. Its input must be flat.
 *
 * <p>Write the width either as {@code @Dense(10)} or as {@code @Dense(units = 10)}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Dense {
  /** Shorthand for {@link #units()}. */
  int value() default 0;

  /** Number of output features. */
  int units() default 0;

  Activation activation() default Activation.IDENTITY;

  /**
   * Slope for {@link Activation#LEAKY_RELU} (default 0.01) or scale for {@link Activation#ELU}
   * (default 1.0); not allowed with other activations.
   */
  double alpha() default Double.NaN;

  /** Whether the layer adds a learned bias. */
  boolean bias() default true;
}
