package dev.ortrain.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A file of settings for {@code run --config}: YAML or JSON, one key per setting as {@code --set} names it;
 * {@code @Schedule}'s may be nested under {@code schedule:}. For example:
 *
 * <pre>
 * epochs: 20
 * learningRate: 3e-3
 * earlyStoppingMonitor: val_loss
 * schedule:
 *   type: COSINE
 *   tMax: 2000
 *   milestones: [10, 20]
 * </pre>
 */
final class SettingsFile {
  private static final String SCHEDULE = "schedule";

  private SettingsFile() {}

  /** The file's settings as {@code key=value} assignments, in the file's order. */
  static List<String> read(Path file) {
    Object document;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (NoSuchFileException e) {
      throw new CliException("--config " + file + ": no such file");
    } catch (IOException e) {
      throw new CliException("--config " + file + ": cannot be read (" + e.getMessage() + ")");
    } catch (YAMLException e) {
      throw new CliException("--config " + file + " is not valid YAML or JSON: " + e.getMessage());
    }
    if (document == null) {
      return List.of();
    }
    if (!(document instanceof Map<?, ?> settings)) {
      throw new CliException("--config " + file + " must hold key: value lines (a mapping), not "
          + describe(document));
    }
    List<String> assignments = new ArrayList<>();
    settings.forEach((key, value) -> {
      if (SCHEDULE.equals(key) && value instanceof Map<?, ?> schedule) {
        schedule.forEach((inner, v) -> assignments.add(SCHEDULE + "." + inner + "=" + text(file, SCHEDULE + "."
            + inner, v)));
      } else {
        assignments.add(key + "=" + text(file, String.valueOf(key), value));
      }
    });
    return assignments;
  }

  private static String text(Path file, String key, Object value) {
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(v -> text(file, key, v)).toList());
    }
    if (value instanceof Map<?, ?> || value == null) {
      throw new CliException("--config " + file + ": " + key + " needs a single value, not " + describe(value));
    }
    return String.valueOf(value);
  }

  private static String describe(Object value) {
    return value == null ? "an empty value" : value instanceof Map<?, ?> ? "a mapping"
        : value instanceof List<?> ? "a list" : "'" + value + "'";
  }
}
