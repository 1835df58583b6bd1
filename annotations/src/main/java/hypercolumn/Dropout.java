package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout: while training, each element is zeroed with probability {@code rate} and
 * the survivors are scaled by {@code 1 / (1 - rate)}; at inference it is the identity. The mask
 * comes from the counter-based generator, so a seed repeats it exactly on every device.
 *
 * <p>Write the rate either as {@code @Dropout(0.4)} or as {@code @Dropout(rate = 0.4)}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Dropout {
  /**
   * Shorthand for {@link #rate()}, so that {@code @Dropout(0.4)} reads as a rate; give one of the
   * two, not both.
   *
   * @return the probability of dropping an element, in [0, 1); {@code NaN} (the default) when
   *     {@link #rate()} gives it
   */
  double value() default Double.NaN;

  /**
   * Probability of dropping an element ({@code p} of PyTorch's {@code nn.Dropout}, {@code rate}
   * of Keras's {@code Dropout}); give it or {@link #value()}, not both.
   *
   * @return the probability, in [0, 1); {@code NaN} (the default) when {@link #value()} gives it
   */
  double rate() default Double.NaN;
}
