package dev.ortrain.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Provides the model: a method without parameters returning a {@code ForwardModel}, or a {@code Sequential} or
 * {@code Module} that is built for {@link #inputShape()} and {@link #inputType()} with the experiment's seed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Model {
  /** The shape of one sample (without the batch dimension), e.g. {@code {1, 28, 28}}; required for a Sequential. */
  long[] inputShape() default {};

  /** The element type of the input: {@link InputType#INT64} for token ids; for a Sequential or a Module. */
  InputType inputType() default InputType.FLOAT;
}
