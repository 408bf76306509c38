package dev.ortrain.processor.model;

import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.settings.Setting;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.VariableElement;

/**
 * The {@link Setting}s one annotation declares, each value of its setting's kind ({@code Integer},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code String}, the annotation's enum, {@code List<Long>}), and
 * where each one the class writes explicitly was written. Holds what was written, in range or not: unlike the
 * runtime's {@code Settings}, which rejects a value out of range, validation has yet to report it.
 */
public final class DeclaredSettings {
  private final Map<Setting, Object> values;
  private final Map<Setting, Location> explicit;
  private final Location annotation;

  private DeclaredSettings(Map<Setting, Object> values, Map<Setting, Location> explicit, Location annotation) {
    this.values = Collections.unmodifiableMap(values);
    this.explicit = Collections.unmodifiableMap(explicit);
    this.annotation = annotation;
  }

  /**
   * Every setting of {@code owner} from its annotation, which must declare each of them and nothing else but
   * {@code alsoRead}: an attribute added to the annotation without a {@link Setting} would otherwise be ignored
   * silently.
   */
  static DeclaredSettings read(Setting.Owner owner, AnnotationReading reading, Set<String> alsoRead) {
    for (String name : reading.names()) {
      if (!alsoRead.contains(name) && of(owner).stream().noneMatch(s -> s.attribute().equals(name))) {
        throw new IllegalStateException("@" + annotationName(owner) + "(" + name + ") is neither a Setting nor read"
            + " by the processor");
      }
    }
    Map<Setting, Object> values = new EnumMap<>(Setting.class);
    Map<Setting, Location> explicit = new EnumMap<>(Setting.class);
    for (Setting setting : of(owner)) {
      values.put(setting, typed(setting, reading.value(setting.attribute())));
      if (reading.isExplicit(setting.attribute())) {
        explicit.put(setting, reading.at(setting.attribute()));
      }
    }
    return new DeclaredSettings(values, explicit, reading.location());
  }

  /** The settings an annotation declares, in declaration order. */
  public static List<Setting> of(Setting.Owner owner) {
    return Arrays.stream(Setting.values()).filter(s -> s.owner() == owner).toList();
  }

  /** javac's value as the setting's kind: ints widened where the attribute is a long, constants as enums. */
  private static Object typed(Setting setting, Object value) {
    return switch (setting.kind()) {
      case INT -> ((Number) value).intValue();
      case LONG -> ((Number) value).longValue();
      case NUMBER -> ((Number) value).doubleValue();
      case FLAG -> (Boolean) value;
      case TEXT -> (String) value;
      case CHOICE -> constant(setting, ((VariableElement) value).getSimpleName().toString());
      case WHOLE_NUMBERS -> ((List<?>) value).stream()
          .map(item -> ((Number) ((AnnotationValue) item).getValue()).longValue()).toList();
    };
  }

  private static Enum<?> constant(Setting setting, String name) {
    return Arrays.stream(setting.choices().getEnumConstants()).filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException(setting.key() + " has no constant " + name));
  }

  /** The value, of the setting's kind. */
  public Object value(Setting setting) {
    Object value = values.get(setting);
    if (value == null) {
      throw new IllegalArgumentException("@" + annotationName(setting.owner()) + " does not declare " + setting.key());
    }
    return value;
  }

  private static String annotationName(Setting.Owner owner) {
    return switch (owner) {
      case TRAINER -> "Trainer";
      case SCHEDULE -> "Schedule";
    };
  }

  int integer(Setting setting) {
    return (Integer) value(setting);
  }

  long whole(Setting setting) {
    return (Long) value(setting);
  }

  double number(Setting setting) {
    return (Double) value(setting);
  }

  boolean flag(Setting setting) {
    return (Boolean) value(setting);
  }

  String text(Setting setting) {
    return (String) value(setting);
  }

  <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
    return type.cast(value(setting));
  }

  @SuppressWarnings("unchecked")
  List<Long> wholeNumbers(Setting setting) {
    return (List<Long>) value(setting);
  }

  /** Whether the class wrote the setting (false: the annotation's default). */
  public boolean isExplicit(Setting setting) {
    value(setting);
    return explicit.containsKey(setting);
  }

  /**
   * Whether the value means something, i.e. is not the setting's {@link Setting#unset()} sentinel
   * ({@code weightDecay = -1}, {@code clipGradNorm = 0}, {@code checkpointEvery = 0}, ...), which is exempt
   * from the setting's rule.
   */
  public boolean isSet(Setting setting) {
    Object value = value(setting);
    return setting.unset().filter(value::equals).isEmpty();
  }

  /** The setting's value when explicit, else the whole annotation. */
  public Location at(Setting setting) {
    value(setting);
    return explicit.getOrDefault(setting, annotation);
  }

  /** The whole annotation, for problems that belong to no single attribute. */
  public Location location() {
    return annotation;
  }
}
