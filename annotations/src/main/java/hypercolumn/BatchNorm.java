package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalization over the features of a flat input, as PyTorch's {@code
 * nn.BatchNorm1d(features)}, or over the channels of a {@code (C, H, W)} image, as {@code
 * nn.BatchNorm2d(C)}: {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, one mean, var,
 * weight and bias per feature or channel. While training, mean and var are the batch's (over
 * the batch, and over each channel's cells for an image; var biased), and the running
 * statistics move towards them: {@code running = (1 - momentum) * running + momentum * batch},
 * with the unbiased batch variance; in evaluation the running statistics normalize. A training
 * batch of a flat input needs at least 2 samples. The weight file holds PyTorch's {@code
 * weight}, {@code bias}, {@code running_mean}, {@code running_var} (each of {@code [features]}
 * or {@code [C]}) and {@code num_batches_tracked} (I64).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface BatchNorm {
  /**
   * How fast the running mean and variance follow the batches ({@code momentum} of PyTorch's
   * {@code BatchNorm1d} and {@code BatchNorm2d}): {@code running = (1 - momentum) * running + momentum * batch}.
   *
   * @return the weight of the newest batch in the running statistics, in [0, 1]
   */
  double momentum() default 0.1;

  /**
   * The term that keeps the normalization finite for a feature of zero variance ({@code eps} of
   * PyTorch's {@code BatchNorm1d} and {@code BatchNorm2d}).
   *
   * @return added to the variance before its square root, above 0
   */
  double eps() default 1e-5;

  /**
   * Whether the normalized values are scaled and shifted by learned parameters ({@code affine} of
   * PyTorch's {@code BatchNorm1d} and {@code BatchNorm2d}).
   *
   * @return whether the layer learns a scale ({@code weight}) and shift ({@code bias}) per feature or channel
   */
  boolean affine() default true;
}
