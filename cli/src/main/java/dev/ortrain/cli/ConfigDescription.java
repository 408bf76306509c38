package dev.ortrain.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.settings.Settings;
import java.util.Map;

/** A configuration as a person reads it: one line for {@code list}, every field for {@code config.json}. */
final class ConfigDescription {
  private ConfigDescription() {}

  static String keySettings(TrainerConfig config) {
    return "epochs " + config.epochs() + ", batchSize " + config.batchSize() + ", learningRate "
        + config.learningRate() + ", " + config.optimizer().describe() + ", seed " + config.seed() + ", device "
        + config.device();
  }

  static JsonObject json(TrainerConfig config, Settings settings, Map<String, String> overrides) {
    JsonObject json = new JsonObject();
    json.addProperty("epochs", config.epochs());
    json.addProperty("batchSize", config.batchSize());
    json.addProperty("learningRate", config.learningRate());
    json.addProperty("optimizer", config.optimizer().describe());
    json.addProperty("seed", config.seed());
    json.addProperty("accumulationSteps", config.accumulationSteps());
    json.addProperty("clipGradNorm", config.clipGradNorm().map(Object::toString).orElse("off"));
    json.addProperty("threads", config.threads());
    json.addProperty("prefetch", config.prefetch());
    json.addProperty("shuffle", config.shuffle());
    json.addProperty("dropLast", config.dropLast());
    json.addProperty("validation", config.validation().toString());
    json.addProperty("nanPolicy", config.nanPolicy().toString());
    json.addProperty("device", config.device().toString());
    json.add("settings", new Gson().toJsonTree(settings.byKey()));
    JsonObject given = new JsonObject();
    overrides.forEach(given::addProperty);
    json.add("overrides", given);
    return json;
  }
}
