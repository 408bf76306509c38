package dev.ortrain.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Provides metrics besides the loss (which is always reported): a method without parameters returning
 * {@code Metric[]} or {@code List<Metric>}. {@link #value()} declares their names in order, so monitored names
 * such as {@code val_accuracy} are checked at compile time; the generated code checks at run time that the
 * returned metrics carry exactly these names.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Metrics {
  /** The names of the returned metrics, e.g. {@code {"accuracy", "top5_accuracy"}}. */
  String[] value();
}
