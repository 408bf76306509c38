package dev.ortrain.processor.model;

import dev.ortrain.annotations.InputType;
import dev.ortrain.processor.diagnostics.Location;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * A method annotated with {@code @Model}, {@code @Loss}, {@code @TrainData}, ...
 *
 * @param annotation where the provider annotation is
 * @param inputShape {@code @Model(inputShape)}; empty for the other kinds
 * @param inputType {@code @Model(inputType)}; FLOAT for the other kinds
 * @param metricNames {@code @Metrics(value)}, each name located at its entry; empty for the other kinds
 */
public record Provider(ProviderKind kind, ExecutableElement method, Location annotation, ReturnKind returns,
    Declared<List<Long>> inputShape, Declared<InputType> inputType, List<Declared<String>> metricNames) {

  public String name() {
    return method.getSimpleName().toString();
  }
}
