package dev.ortrain.cli;

import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.rules.Range;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code --set key=value} overrides of an experiment's configuration. Each value is parsed and checked
 * against the same {@link ConfigRules} range the annotation processor uses, so a bad value reads exactly as
 * the compile-time error would.
 */
final class ConfigOverrides {
  /** One overridable {@code TrainerConfig} field. */
  private record Setting(String key, ValueType type, Range rule, BiConsumer<TrainerConfig.Builder, String> apply) {}

  private enum ValueType { WHOLE, NUMBER, BOOLEAN }

  private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

  static {
    add("epochs", ValueType.WHOLE, ConfigRules.EPOCHS, (b, v) -> b.epochs(Integer.parseInt(v)));
    add("batchSize", ValueType.WHOLE, ConfigRules.BATCH_SIZE, (b, v) -> b.batchSize(Integer.parseInt(v)));
    add("learningRate", ValueType.NUMBER, ConfigRules.LEARNING_RATE, (b, v) -> b.learningRate(Float.parseFloat(v)));
    add("seed", ValueType.WHOLE, null, (b, v) -> b.seed(Long.parseLong(v)));
    add("accumulationSteps", ValueType.WHOLE, ConfigRules.ACCUMULATION_STEPS,
        (b, v) -> b.accumulationSteps(Integer.parseInt(v)));
    // 0 turns clipping off, as @Trainer(clipGradNorm = 0) does.
    add("clipGradNorm", ValueType.NUMBER, null,
        (b, v) -> b.clipGradNorm(Double.parseDouble(v) == 0 ? null : Float.parseFloat(v)));
    add("threads", ValueType.WHOLE, ConfigRules.THREADS, (b, v) -> b.threads(Integer.parseInt(v)));
    add("prefetch", ValueType.WHOLE, ConfigRules.PREFETCH, (b, v) -> b.prefetch(Integer.parseInt(v)));
    add("shuffle", ValueType.BOOLEAN, null, (b, v) -> b.shuffle(Boolean.parseBoolean(v)));
    add("dropLast", ValueType.BOOLEAN, null, (b, v) -> b.dropLast(Boolean.parseBoolean(v)));
  }

  private final Map<String, String> values;

  private ConfigOverrides(Map<String, String> values) {
    this.values = values;
  }

  private static void add(String key, ValueType type, Range rule, BiConsumer<TrainerConfig.Builder, String> apply) {
    SETTINGS.put(key, new Setting(key, type, rule, apply));
  }

  static List<String> keys() {
    return List.copyOf(SETTINGS.keySet());
  }

  /** Parses and checks {@code key=value} pairs; the last value of a repeated key wins. */
  static ConfigOverrides parse(List<String> assignments) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int equals = assignment.indexOf('=');
      if (equals < 0) {
        throw new CliException("--set expects key=value, got '" + assignment + "'");
      }
      String key = assignment.substring(0, equals).trim();
      String value = assignment.substring(equals + 1).trim();
      Setting setting = SETTINGS.get(key);
      if (setting == null) {
        throw new CliException("unknown setting '" + key + "'" + Suggestions.didYouMean(key, SETTINGS.keySet())
            + " Known settings: " + String.join(", ", SETTINGS.keySet()));
      }
      check(setting, value);
      values.put(key, value);
    }
    return new ConfigOverrides(values);
  }

  private static void check(Setting setting, String value) {
    double number;
    switch (setting.type()) {
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw new CliException(setting.key() + " = " + value + " is not true or false");
        }
        return;
      }
      case WHOLE -> {
        try {
          number = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new CliException(setting.key() + " = " + value + " is not a whole number");
        }
      }
      default -> {
        try {
          number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new CliException(setting.key() + " = " + value + " is not a number");
        }
        requireFloat32(setting.key(), value, number);
      }
    }
    Range rule = setting.rule() != null ? setting.rule()
        : setting.key().equals("clipGradNorm") && number != 0 ? ConfigRules.CLIP_GRAD_NORM : null;
    if (rule != null) {
      rule.check(number).ifPresent(message -> {
        throw new CliException(message);
      });
    }
  }

  /** Numbers are applied as float32, ortrain's training precision: one that would round to 0 or overflow is named. */
  private static void requireFloat32(String key, String value, double number) {
    float single = (float) number;
    if (number != 0 && single == 0) {
      throw new CliException(key + " = " + value + " rounds to 0 in float32, in which ortrain trains (the"
          + " smallest positive float32 is " + Float.MIN_VALUE + "); give a larger value");
    }
    if (Float.isInfinite(single) && !Double.isInfinite(number)) {
      throw new CliException(key + " = " + value + " exceeds float32, in which ortrain trains (the largest"
          + " float32 is " + Float.MAX_VALUE + "); give a smaller value");
    }
  }

  /** Applies the overrides to a configuration builder (for {@code RunOptions}). */
  TrainerConfig.Builder applyTo(TrainerConfig.Builder builder) {
    values.forEach((key, value) -> SETTINGS.get(key).apply().accept(builder, value));
    return builder;
  }

  /** The overrides as given, for the run folder's {@code config.json}. */
  Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** As {@code key=value} arguments, to apply them again (resume, evaluate). */
  List<String> asArguments() {
    List<String> arguments = new ArrayList<>();
    values.forEach((k, v) -> arguments.add(k + "=" + v));
    return arguments;
  }

  boolean isEmpty() {
    return values.isEmpty();
  }
}
