package dev.ortrain.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Everything the processor knows about one {@code @Trainer} class, read once and then validated and generated
 * from. Holds what was written, right or wrong: validation decides what is wrong.
 *
 * @param trainer the {@code @Trainer} annotation
 * @param declaredSchedule {@code @Schedule} on the class, if any
 * @param scheduleMethods methods annotated with {@code @Schedule}
 * @param injectConstructors constructors annotated with {@code @Inject}
 * @param noArgConstructor a non-private constructor without parameters, if any
 */
public record Experiment(TypeElement type, TrainerAnnotation trainer, Optional<ScheduleAnnotation> declaredSchedule,
    List<ScheduleMethod> scheduleMethods, List<Provider> providers, List<Hook> hooks,
    List<ExecutableElement> injectConstructors, Optional<ExecutableElement> noArgConstructor) {

  public List<Provider> providers(ProviderKind kind) {
    return providers.stream().filter(p -> p.kind() == kind).toList();
  }

  /** The first provider of a kind (validation reports the others). */
  public Optional<Provider> provider(ProviderKind kind) {
    return providers(kind).stream().findFirst();
  }

  public boolean has(ProviderKind kind) {
    return provider(kind).isPresent();
  }

  public String simpleName() {
    return type.getSimpleName().toString();
  }

  /** The names of the metrics validation reports: {@code val_loss} and one per declared metric. */
  public List<String> validationMetricNames() {
    return MetricNames.reported(this, "val_");
  }
}
