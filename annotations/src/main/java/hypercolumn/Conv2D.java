package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution over a (C, H, W) input, as PyTorch's {@code nn.Conv2d} (no groups): weight
 * {@code [filters, C, kh, kw]}, bias {@code [filters]}, output (filters, OH, OW).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Conv2D {
  /** @return the output channels, at least 1 */
  int filters();

  /** @return the window, {@code {k}} or {@code {kh, kw}} */
  int[] kernel();

  /** @return the step between windows, {@code {s}} or {@code {sh, sw}}; 1 by default */
  int[] stride() default {1};

  /** @return VALID (default) or SAME; leave VALID when {@link #pad()} is given */
  Padding padding() default Padding.VALID;

  /** @return explicit zero padding, {@code {p}}, {@code {ph, pw}} or {@code {top, bottom, left, right}}; none by default */
  int[] pad() default {};

  /** @return the spacing of the window's cells, {@code {d}} or {@code {dh, dw}}; 1 by default */
  int[] dilation() default {1};

  /** @return the activation after the bias, identity by default */
  Activation activation() default Activation.IDENTITY;

  /** @return leaky ReLU's slope or ELU's scale; NaN (the default) for the activation's default */
  double alpha() default Double.NaN;

  /** @return whether the layer adds a bias per filter, true by default */
  boolean bias() default true;
}
