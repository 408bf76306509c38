package dev.ortrain.processor.model;

import javax.lang.model.element.ExecutableElement;

/** A method annotated with {@code @Model}, {@code @Loss}, {@code @TrainData}, ... */
public record Provider(ProviderKind kind, ExecutableElement method, AnnotationModel annotation, ReturnKind returns) {

  public String name() {
    return method.getSimpleName().toString();
  }
}
