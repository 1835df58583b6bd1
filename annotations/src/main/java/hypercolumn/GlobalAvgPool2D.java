package hypercolumn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The mean of each channel over its whole {@code H x W} plane: {@code (C, H, W)} becomes the flat
 * {@code (C)}, as Keras's {@code GlobalAveragePooling2D} (PyTorch's {@code AdaptiveAvgPool2d(1)}
 * followed by a flatten).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface GlobalAvgPool2D {}
