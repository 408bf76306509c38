package dev.ortrain.importer;

import dev.ortrain.checkpoint.OrtCheckpoint;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** One plain SGD step at learning rate 1 moves every parameter by exactly minus its gradient. */
final class SgdStep {
  private SgdStep() {}

  /** Each parameter's gradient, read as its value before the step less its value after, in the given order. */
  static Map<String, float[]> gradients(OrtCheckpoint before, OrtCheckpoint after, Collection<String> parameters) {
    Map<String, float[]> gradients = new LinkedHashMap<>();
    for (String p : parameters) {
      float[] old = before.parameter(p).toFloats();
      float[] now = after.parameter(p).toFloats();
      float[] g = new float[old.length];
      for (int i = 0; i < g.length; i++) {
        g[i] = old[i] - now[i];
      }
      gradients.put(p, g);
    }
    return gradients;
  }
}
