package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A two-dimensional convolution over a {@code (C, H, W)} input, PyTorch's {@code nn.Conv2d}:
 * weight {@code [filters, C, kh, kw]} and bias {@code [filters]}, output {@code (filters, OH,
 * OW)} with {@code OH = (H + padTop + padBottom - dilation * (kh - 1) - 1) / stride + 1} (rounded
 * down), likewise for the width.
 *
 * <p>Sizes given as one value apply to both dimensions: {@code kernel = 5} is {@code {5, 5}}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Conv2D {
  /**
   * Number of output channels ({@code out_channels} of PyTorch, {@code filters} of Keras).
   *
   * @return the number of filters, at least 1
   */
  int filters();

  /**
   * The window: {@code {k}} or {@code {kh, kw}}.
   *
   * @return the kernel size, each at least 1
   */
  int[] kernel();

  /**
   * The step between windows: {@code {s}} or {@code {sh, sw}}.
   *
   * @return the stride, each at least 1; 1 by default
   */
  int[] stride() default {1};

  /**
   * {@link Padding#VALID} (the default) or {@link Padding#SAME}; leave it at {@code VALID} when
   * {@link #pad()} gives the padding explicitly.
   *
   * @return the padding rule
   */
  Padding padding() default Padding.VALID;

  /**
   * Explicit zero padding: {@code {p}} on every side, {@code {ph, pw}} above and below, left and
   * right, or {@code {top, bottom, left, right}}. Empty (the default) means {@link #padding()}.
   *
   * @return the padding in cells, each at least 0
   */
  int[] pad() default {};

  /**
   * Spacing between the window's cells: {@code {d}} or {@code {dh, dw}}.
   *
   * @return the dilation, each at least 1; 1 by default
   */
  int[] dilation() default {1};

  /**
   * Activation applied to the convolution plus bias.
   *
   * @return the activation; {@link Activation#IDENTITY} by default
   */
  Activation activation() default Activation.IDENTITY;

  /**
   * The slope of {@link Activation#LEAKY_RELU} below zero or the scale of {@link Activation#ELU};
   * NaN (the default) means that activation's own default (0.01, 1.0).
   *
   * @return the activation's parameter, or NaN for its default
   */
  double alpha() default Double.NaN;

  /**
   * Whether the layer adds a bias per filter.
   *
   * @return true (the default) for a bias
   */
  boolean bias() default true;
}
