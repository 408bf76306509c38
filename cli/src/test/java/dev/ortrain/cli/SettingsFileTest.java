package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void yamlWithANestedScheduleReadsAsSetAssignments() throws IOException {
    Path yaml = file("settings.yaml", """
        epochs: 20
        learningRate: 3e-3
        shuffle: false
        schedule:
          type: MULTI_STEP
          milestones: [10, 15]
        schedule.gamma: 0.5
        """);
    List<String> assignments = SettingsFile.read(yaml);
    assertEquals(List.of("epochs=20", "learningRate=0.003", "shuffle=false", "schedule.type=MULTI_STEP",
        "schedule.milestones=10,15", "schedule.gamma=0.5"), assignments);
    Settings settings = ConfigOverrides.parse(assignments).applyTo(Settings.defaults());
    assertEquals(ScheduleType.MULTI_STEP, settings.choice(Setting.SCHEDULE_TYPE, ScheduleType.class));
    assertEquals(List.of(10L, 15L), settings.wholeNumbers(Setting.MILESTONES));
    assertEquals(3e-3, settings.number(Setting.LEARNING_RATE));
  }

  @Test
  void jsonIsReadToo() throws IOException {
    Path json = file("settings.json", "{\"epochs\": 2, \"schedule\": {\"type\": \"COSINE\", \"tMax\": 100}}");
    assertEquals(List.of("epochs=2", "schedule.type=COSINE", "schedule.tMax=100"), SettingsFile.read(json));
    assertEquals(List.of(), SettingsFile.read(file("empty.yaml", "")));
  }

  @Test
  void badFilesSayWhatIsWrong() throws IOException {
    assertEquals("--config " + dir.resolve("missing.yaml") + ": no such file", error(dir.resolve("missing.yaml")));
    assertTrue(error(file("list.yaml", "- epochs\n- 3\n")).endsWith("must hold key: value lines (a mapping), not a"
        + " list"));
    assertTrue(error(file("broken.yaml", "epochs: [1,\n")).contains("is not valid YAML or JSON"));
    assertTrue(error(file("nested.yaml", "optimizer:\n  type: SGD\n"))
        .endsWith(": optimizer needs a single value, not a mapping"));
    assertTrue(error(file("null.yaml", "epochs:\n")).endsWith(": epochs needs a single value, not an empty value"));
  }

  private static String error(Path file) {
    return assertThrows(CliException.class, () -> SettingsFile.read(file)).getMessage();
  }
}
