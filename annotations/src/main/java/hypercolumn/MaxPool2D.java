package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Max pooling over a {@code (C, H, W)} input, PyTorch's {@code nn.MaxPool2d}: each window's
 * largest value, padded cells never chosen. Output {@code (C, OH, OW)}, {@code OH = (H + padTop + padBottom - size) / stride + 1}
 * rounded down, likewise for the width.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface MaxPool2D {
  /**
   * The window: {@code {k}} or {@code {kh, kw}}.
   *
   * @return the window size, each at least 1; 2 by default
   */
  int[] size() default {2};

  /**
   * The step between windows: {@code {s}} or {@code {sh, sw}}; empty (the default) means the
   * window's size, as in PyTorch.
   *
   * @return the stride, each at least 1, or empty for the window's size
   */
  int[] stride() default {};

  /**
   * {@link Padding#VALID} (the default) or {@link Padding#SAME}; leave it at {@code VALID} when
   * {@link #pad()} gives the padding explicitly.
   *
   * @return the padding rule
   */
  Padding padding() default Padding.VALID;

  /**
   * Explicit padding: {@code {p}}, {@code {ph, pw}} or {@code {top, bottom, left, right}}, each
   * at most half the window, as PyTorch requires. Empty (the default) means {@link #padding()}.
   *
   * @return the padding in cells, each at least 0
   */
  int[] pad() default {};
}
