package dev.ortrain.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ortrain.callbacks.MetricsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folder one run writes: {@value #CONFIG} (the resolved configuration and the overrides that made it),
 * the metrics files, {@code checkpoints/}, {@value #MODEL} and {@value #PLOT}.
 */
record RunFolder(Path dir) {
  static final String CONFIG = "config.json";
  static final String MODEL = "model.onnx";
  static final String PLOT = "curves.png";
  static final String CHECKPOINTS = "checkpoints";

  Path config() {
    return dir.resolve(CONFIG);
  }

  Path model() {
    return dir.resolve(MODEL);
  }

  Path plot() {
    return dir.resolve(PLOT);
  }

  Path metricsCsv() {
    return dir.resolve(MetricsFile.CSV);
  }

  Path checkpoints() {
    return dir.resolve(CHECKPOINTS);
  }

  void writeConfig(String experiment, JsonObject config) {
    JsonObject json = new JsonObject();
    json.addProperty("experiment", experiment);
    json.add("config", config);
    try {
      Files.createDirectories(dir);
      String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
      Files.writeString(config(), text + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + config(), e);
    }
  }

  /**
   * The run folder a checkpoint belongs to ({@code <run>/checkpoints/<checkpoint>}), the folder itself when it
   * is a run folder, or empty when the checkpoint is elsewhere.
   */
  static Optional<RunFolder> of(Path checkpoint) {
    if (Files.isDirectory(checkpoint.resolve(CHECKPOINTS))) {
      return Optional.of(new RunFolder(checkpoint.toAbsolutePath().normalize())); // a run folder itself
    }
    Path parent = checkpoint.toAbsolutePath().normalize().getParent();
    if (parent == null || parent.getFileName() == null || !parent.getFileName().toString().equals(CHECKPOINTS)) {
      return Optional.empty();
    }
    return Optional.of(new RunFolder(parent.getParent()));
  }

  /**
   * The {@code --set} overrides this folder's run was started with, as {@code key=value}: a checkpoint only
   * resumes, and only evaluates, with the configuration that wrote it.
   */
  List<String> savedOverrides() {
    if (!Files.isRegularFile(config())) {
      return List.of();
    }
    try {
      JsonObject json = JsonParser.parseString(Files.readString(config(), StandardCharsets.UTF_8)).getAsJsonObject();
      List<String> overrides = new ArrayList<>();
      for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("config").getAsJsonObject("overrides")
          .entrySet()) {
        overrides.add(e.getKey() + "=" + e.getValue().getAsString());
      }
      return overrides;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + config(), e);
    }
  }
}
