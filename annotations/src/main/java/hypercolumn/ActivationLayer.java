package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An activation as a layer of its own, so that a normalization can stand between a product and
 * its activation: {@code @ActivationLayer(Activation.RELU)} on a flat input or, element by
 * element, on an image ({@code torch.nn.ReLU} and its kin in PyTorch, {@code
 * keras.layers.Activation} in Keras); {@link Activation#SOFTMAX}, a softmax over the features,
 * needs a flat input. After a
 * {@code @Dense} whose activation is {@link Activation#IDENTITY} it computes exactly what {@code
 * @Dense(activation = ...)} computes, in the same kernel. It is not called {@code @Activation}
 * because the enum {@link Activation} holds that name.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface ActivationLayer {
  /**
   * The activation of the layer, a layer of its own without parameters.
   *
   * @return the activation the layer applies to each element (softmax: to each row)
   */
  Activation value();

  /**
   * Slope for {@link Activation#LEAKY_RELU} (default 0.01) or scale for {@link Activation#ELU}
   * (default 1.0), as on {@code @Dense}; a compile error with other activations.
   *
   * @return the activation's parameter; {@code NaN} (the default) means the activation's default
   */
  double alpha() default Double.NaN;
}
