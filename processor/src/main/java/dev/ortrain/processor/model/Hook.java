package dev.ortrain.processor.model;

import java.util.List;
import javax.lang.model.element.ExecutableElement;

/** A method annotated with one of the {@code @On...} hook annotations. */
public record Hook(HookEvent event, ExecutableElement method, AnnotationModel annotation,
    List<HookParameter> parameters) {

  public int order() {
    return annotation.intValue("order");
  }

  public String name() {
    return method.getSimpleName().toString();
  }
}
