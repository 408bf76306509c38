package dev.ortrain.cli;

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
 * The folder one run writes: {@value #CONFIG} (every setting, and the overrides that made them),
 * the metrics files, {@code checkpoints/}, {@value #MODEL} and {@value #PLOT}.
 */
record RunFolder(Path dir) {
  static final String CONFIG = "config.json";
  static final String MODEL = "model.onnx";
  static final String PLOT = "curves.png";
  static final String CHECKPOINTS = "checkpoints";
  /** The entry of {@value #CONFIG} that holds the command line's overrides, to apply them again. */
  static final String OVERRIDES = "overrides";

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
      JsonObject given = json.getAsJsonObject(OVERRIDES);
      if (given == null) {
        return overrides; // a run folder written by a trainer, not by this command line
      }
      for (Map.Entry<String, JsonElement> e : given.entrySet()) {
        overrides.add(e.getKey() + "=" + e.getValue().getAsString());
      }
      return overrides;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + config(), e);
    }
  }
}
