package dev.ortrain.processor.model;

import javax.lang.model.element.ExecutableElement;

/**
 * A method annotated with {@code @Schedule} that computes the learning rate.
 *
 * @param schedule its annotation, of which only {@code unit} is read
 * @param longEpoch whether its epoch parameter is a {@code long} (else an {@code int})
 */
public record ScheduleMethod(ExecutableElement method, ScheduleAnnotation schedule, boolean longEpoch) {
  public String name() {
    return method.getSimpleName().toString();
  }
}
