package dev.ortrain.session;

import dev.ortrain.artifacts.ArtifactNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What ortrain's metadata in a training model names: the inputs the session feeds itself (loss scale, dropout
 * masks) and the outputs it reads besides the loss. Foreign artifacts have none of it (nulls, no ratios).
 *
 * @param dropoutRatios each mask input → its drop ratio
 */
record SessionMetadata(String lossScaleInput, String predictionOutput, String gradNormOutput,
    Map<String, Float> dropoutRatios) {

  static SessionMetadata of(ModelSignature training) {
    Map<String, String> m = training.metadata;
    Map<String, Float> ratios = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (k.startsWith(ArtifactNames.META_DROPOUT_PREFIX)) {
        ratios.put(k.substring(ArtifactNames.META_DROPOUT_PREFIX.length()), Float.parseFloat(v));
      }
    });
    return new SessionMetadata(m.get(ArtifactNames.META_LOSS_SCALE), m.get(ArtifactNames.META_PREDICTION),
        m.get(ArtifactNames.META_GRAD_NORM), ratios);
  }
}
