package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns a {@code (C, H, W)} input into the flat {@code (C * H * W)}, in PyTorch's order (channel,
 * then row, then column), so that a {@link Dense} layer can follow a convolution.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Flatten {}
