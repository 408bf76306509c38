package dev.ortrain.recording;

import com.google.gson.GsonBuilder;
import dev.ortrain.callbacks.AtomicFiles;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes {@code config.json} when training starts: the caller's notes, then the run's description (every
 * setting, the configuration, the versions, the data). Written at the start rather than at the set-up, so a
 * refused resume leaves the previous one as it was.
 */
final class ConfigRecord implements Callback {
  static final String FILE = "config.json";

  private final Map<String, Object> notes;
  private final Supplier<Map<String, Object>> description;

  ConfigRecord(Map<String, Object> notes, Supplier<Map<String, Object>> description) {
    this.notes = notes;
    this.description = description;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    Map<String, Object> json = new LinkedHashMap<>(notes);
    json.putAll(description.get());
    String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json)
        + "\n";
    AtomicFiles.replace(ctx.runDirectory().resolve(FILE), "the run's configuration",
        path -> Files.writeString(path, text, StandardCharsets.UTF_8));
  }

  @Override
  public int order() {
    return LOGGING;
  }
}
