package dev.ortrain.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.ortrain.processor.model.DeclaredSettings;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.settings.Setting;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code Settings} an experiment's annotations declare: the defaults, then one {@code .with(...)} per
 * attribute the class sets, so the generated code reads like the annotations.
 */
final class SettingsCode {
  private static final String ANNOTATIONS = "dev.ortrain.annotations";

  private SettingsCode() {}

  static CodeBlock of(Experiment experiment) {
    CodeBlock.Builder code = CodeBlock.builder().add("return $T.defaults()", RuntimeNames.SETTINGS).indent()
        .indent();
    for (Setting setting : Setting.values()) {
      declaring(experiment, setting)
          .filter(settings -> settings.isExplicit(setting))
          .ifPresent(settings -> code.add("\n.with($T.$L, $L)", RuntimeNames.SETTING, setting.name(),
              literal(setting, settings.value(setting))));
    }
    return code.add(";\n").unindent().unindent().build();
  }

  /** Where a setting is declared: {@code @Trainer}, or the class's {@code @Schedule} (a method's is computed). */
  private static Optional<DeclaredSettings> declaring(Experiment experiment, Setting setting) {
    return switch (setting.owner()) {
      case TRAINER -> Optional.of(experiment.trainer().settings());
      case SCHEDULE -> experiment.declaredSchedule().map(schedule -> schedule.settings());
    };
  }

  /** The value as Java source, of the type {@code Settings.with} takes for the setting's kind. */
  private static CodeBlock literal(Setting setting, Object value) {
    return switch (setting.kind()) {
      case INT, FLAG -> CodeBlock.of("$L", value);
      case LONG -> CodeBlock.of("$L", Literals.ofLong((Long) value));
      case NUMBER -> CodeBlock.of("$L", Literals.ofDouble((Double) value));
      case TEXT -> CodeBlock.of("$S", value);
      case CHOICE -> CodeBlock.of("$T.$L", ClassName.get(ANNOTATIONS, setting.choices().getSimpleName()),
          ((Enum<?>) value).name());
      case WHOLE_NUMBERS -> CodeBlock.of("$T.of($L)", List.class, ((List<?>) value).stream()
          .map(v -> Literals.ofLong((Long) v)).collect(Collectors.joining(", ")));
    };
  }
}
