package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a neural network on an abstract class. Its fields of type {@link Layer}, in
 * declaration order, are the layers; each carries one layer annotation such as {@link Dense}.
 *
 * <p>The annotation processor checks every shape while javac runs and generates a subclass
 * (named {@link #name()}, or the class name followed by {@code Net}) that implements the
 * runtime's {@code hypercolumn.runtime.Model}.
 *
 * <pre>{@code
 * @Network(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
 * abstract class FashionMlp {
 *   @Dense(units = 256, activation = Activation.RELU) Layer hidden1;
 *   @Dense(units = 128, activation = Activation.RELU) Layer hidden2;
 *   @Dense(10) Layer logits;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Network {
  /**
   * The shape of one input sample, without the batch dimension: {@code 784} for a flat vector,
   * {@code {1, 28, 28}} for one channel of 28 by 28 (channels first, as in PyTorch).
   *
   * @return at least one size, each at least 1
   */
  int[] input();

  /**
   * The loss the network is trained with; it also fixes what a label is (a class index, 0/1
   * targets or real-valued targets) and what the last layer must produce.
   *
   * @return the loss
   */
  Loss loss();

  /**
   * Simple name of the generated class, which is put in the annotated class's package.
   *
   * @return a Java identifier; empty (the default) means the class name followed by {@code Net}
   */
  String name() default "";
}
