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
  /** Shorthand for {@link #rate()}. */
  double value() default Double.NaN;

  /** Probability of dropping an element, in [0, 1). */
  double rate() default Double.NaN;
}
