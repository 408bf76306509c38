package dev.ortrain.loop;

import ai.onnxruntime.OrtEnvironment;
import dev.ortrain.data.DataIdentity;
import dev.ortrain.data.Dataset;
import dev.ortrain.settings.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a run's {@code config.json} says about it: every setting (when the run came from settings), the
 * configuration the loop used, the versions that computed it and the identity of its data, so that a result can
 * be traced to everything that decided it.
 */
final class RunDescription {
  private RunDescription() {}

  static Map<String, Object> of(Optional<Settings> settings, TrainerConfig config, Dataset train,
      Dataset validation, Dataset test) {
    Map<String, Object> description = new LinkedHashMap<>();
    settings.ifPresent(s -> description.put("settings", s.byKey()));
    description.put("config", config(config));
    description.put("versions", versions());
    Map<String, String> data = new LinkedHashMap<>();
    data.put("train", DataIdentity.of(train));
    data.put("validation", validation == null ? "none" : DataIdentity.of(validation));
    data.put("test", test == null ? "none" : DataIdentity.of(test));
    description.put("data", data);
    return description;
  }

  private static Map<String, Object> config(TrainerConfig config) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epochs", config.epochs());
    json.put("batchSize", config.batchSize());
    json.put("learningRate", config.learningRate());
    json.put("optimizer", config.optimizer().describe());
    json.put("seed", config.seed());
    json.put("accumulationSteps", config.accumulationSteps());
    json.put("clipGradNorm", config.clipGradNorm().map(Object::toString).orElse("off"));
    json.put("threads", config.threads());
    json.put("prefetch", config.prefetch());
    json.put("shuffle", config.shuffle());
    json.put("dropLast", config.dropLast());
    json.put("validation", config.validation().toString());
    json.put("nanPolicy", config.nanPolicy().toString());
    json.put("device", config.device().toString());
    return json;
  }

  private static Map<String, String> versions() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("ortrain", OrtrainVersion.current());
    versions.put("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
    versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    return versions;
  }
}
