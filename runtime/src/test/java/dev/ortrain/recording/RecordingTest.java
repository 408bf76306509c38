package dev.ortrain.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ortrain.data.Dataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.loop.ExperimentSettings;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Sequential;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import dev.ortrain.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run records what its {@link Recording} asks, and only that. */
class RecordingTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dir;

  private Trainer trainer(Path run, Recording recording) {
    Settings settings = Settings.defaults().with(Setting.EPOCHS, 2).with(Setting.BATCH_SIZE, 16)
        .with(Setting.LEARNING_RATE, 0.05).with(Setting.THREADS, 1);
    Dataset data = TestModels.clusters(48, 1, -1);
    return Trainer.builder().config(ExperimentSettings.config(settings)).settings(settings)
        .model(Sequential.of(new Linear(4, 3)).build(Shape.batched(4), 1L)).loss(CrossEntropyLoss.create())
        .trainData(data).validationData(data).metrics(new Accuracy()).runDirectory(run)
        .runOptions(RunOptions.defaults().withRecording(recording)).log(m -> { }).build();
  }

  @Test
  void everythingLeavesEachFileAndADescriptionOfTheRun() throws IOException {
    Path run = dir.resolve("all");
    try (Trainer t = trainer(run, Recording.everything().withNote("experiment", "demo.Experiment")
        .withNote("overrides", Map.of("epochs", "2")))) {
      t.fit();
    }
    assertEquals(Set.of("artifacts", "config.json", "metrics.csv", "metrics.jsonl", "curves.png",
        "model.onnx", "tensorboard", ".lock"), names(run));
    byte[] png = Files.readAllBytes(run.resolve("curves.png"));
    assertTrue(Arrays.equals(PNG_SIGNATURE, Arrays.copyOf(png, 4)));
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());

    JsonObject config = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    assertEquals(List.of("experiment", "overrides", "settings", "config", "versions", "data"),
        List.copyOf(config.keySet()));
    assertEquals("demo.Experiment", config.get("experiment").getAsString());
    assertEquals(Setting.values().length, config.getAsJsonObject("settings").size());
    assertEquals(2, config.getAsJsonObject("settings").get("epochs").getAsInt());
    assertEquals("CONSTANT", config.getAsJsonObject("settings").get("schedule.type").getAsString());
    JsonObject versions = config.getAsJsonObject("versions");
    assertTrue(versions.get("onnxruntime").getAsString().startsWith("1.24"), versions.toString());
    assertTrue(versions.get("java").getAsString().startsWith(System.getProperty("java.version")));
    assertFalse(versions.get("ortrain").getAsString().isEmpty());
    assertTrue(config.getAsJsonObject("data").get("train").getAsString().length() > 10, config.toString());
    assertEquals("none", config.getAsJsonObject("data").get("test").getAsString());
  }

  @Test
  void eachRecordCanBeLeftOut() throws IOException {
    Path run = dir.resolve("some");
    try (Trainer t = trainer(run, Recording.everything().without(Record.CURVES, Record.MODEL, Record.TENSORBOARD,
        Record.CONSOLE))) {
      t.fit();
    }
    assertEquals(Set.of("artifacts", "config.json", "metrics.csv", "metrics.jsonl", ".lock"),
        names(run));
    Path none = dir.resolve("none");
    try (Trainer t = trainer(none, Recording.nothing())) {
      t.fit();
    }
    assertEquals(Set.of("artifacts", ".lock"), names(none));
  }

  @Test
  void recordsAreNamedForTheCommandLine() {
    assertEquals(List.of("console", "metrics", "config", "curves", "model", "tensorboard"), Record.keys());
    assertEquals(Record.TENSORBOARD, Record.byKey(" TensorBoard").orElseThrow());
    assertTrue(Record.byKey("plots").isEmpty());
    Recording some = Recording.nothing().withNote("a", 1).withNote("a", 2);
    assertEquals(Map.of("a", 2), some.notes());
    assertFalse(some.has(Record.CONFIG));
    assertTrue(Recording.everything().without(List.of()).has(Record.MODEL));
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
