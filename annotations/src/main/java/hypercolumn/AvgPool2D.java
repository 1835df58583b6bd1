package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An average pooling over a (C, H, W) input, as PyTorch's {@code nn.AvgPool2d} with {@code count_include_pad=True}: padded cells count as zeros in the window's size. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface AvgPool2D {
  /** @return the window, {@code {k}} or {@code {kh, kw}}; 2 by default */
  int[] size() default {2};

  /** @return the step between windows, {@code {s}} or {@code {sh, sw}}; empty (the default) for the window */
  int[] stride() default {};

  /** @return VALID (default) or SAME; leave VALID when {@link #pad()} is given */
  Padding padding() default Padding.VALID;

  /** @return explicit padding, {@code {p}}, {@code {ph, pw}} or {@code {top, bottom, left, right}}; none by default */
  int[] pad() default {};
}
