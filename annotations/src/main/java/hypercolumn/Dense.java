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
  /**
   * Shorthand for {@link #units()}, so that {@code @Dense(10)} reads as a width; give one of the
   * two, not both.
   *
   * @return the number of output features, at least 1; 0 (the default) when {@link #units()}
   *     gives it
   */
  int value() default 0;

  /**
   * Number of output features ({@code out_features} of PyTorch's {@code nn.Linear}, {@code units}
   * of Keras's {@code Dense}); give it or {@link #value()}, not both.
   *
   * @return the number of output features, at least 1; 0 (the default) when {@link #value()}
   *     gives it
   */
  int units() default 0;

  /**
   * Activation applied to {@code x W^T + b}. A network trained with {@link
   * Loss#SOFTMAX_CROSS_ENTROPY} or {@link Loss#BINARY_CROSS_ENTROPY} should leave its last layer
   * at {@link Activation#IDENTITY}: the loss applies the softmax or sigmoid itself.
   *
   * @return the activation, {@link Activation#IDENTITY} (none) by default
   */
  Activation activation() default Activation.IDENTITY;

  /**
   * Slope for {@link Activation#LEAKY_RELU} (finite and at least 0, default 0.01) or scale for
   * {@link Activation#ELU} (finite and above 0, default 1.0); a compile error with other
   * activations.
   *
   * @return the activation's parameter; {@code NaN} (the default) means the activation's default
   */
  double alpha() default Double.NaN;

  /**
   * Whether the layer adds a learned bias ({@code bias} of PyTorch's {@code nn.Linear}).
   *
   * @return {@code true} (the default) for {@code x W^T + b}, {@code false} for {@code x W^T}
   *     with no bias parameters
   */
  boolean bias() default true;
}
