package dev.ortrain.processor.model;

import dev.ortrain.processor.diagnostics.Location;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * A method annotated with one of the {@code @On...} hook annotations.
 *
 * @param order the annotation's {@code order}
 * @param annotation where the hook annotation is
 */
public record Hook(HookEvent event, ExecutableElement method, int order, Location annotation,
    List<HookParameter> parameters) {

  public String name() {
    return method.getSimpleName().toString();
  }
}
