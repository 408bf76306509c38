package dev.ortrain.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the method before every validation (needs {@link ValidationData}). The method returns void, is neither
 * private nor static, and takes any of the values the training loop supplies, in any order:
 * {@code TrainingContext}, {@code int epoch} (from 0).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnValidationBegin {
  /** Position among hooks and callbacks: lower runs first; early stopping is 100, checkpoints 200. */
  int order() default 0;
}
