package dev.ortrain.cli.sweep;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A sweep's definition as stored in its folder ({@value #NAME}), each setting as the command line wrote it, and
 * the differences between two stored forms, so a resume with another definition is refused with what differs.
 */
final class DefinitionFile {
  static final String NAME = "sweep.json";

  private DefinitionFile() {}

  static JsonObject json(SweepDefinition definition) {
    JsonObject json = new JsonObject();
    json.addProperty("experiment", definition.experiment());
    json.add("grid", strings(definition.grid().stream().map(GridAxis::spec).toList()));
    json.add("random", strings(definition.random().stream().map(RandomAxis::spec).toList()));
    json.addProperty("trials", definition.draws());
    json.addProperty("sweepSeed", definition.sweepSeed());
    JsonArray seeds = new JsonArray();
    definition.seeds().forEach(seeds::add);
    json.add("seeds", seeds);
    json.add("set", strings(definition.fixed()));
    json.addProperty("metric", definition.metric());
    json.addProperty("prune", definition.prune().name().toLowerCase(java.util.Locale.ROOT));
    return json;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }

  /** One line per field that differs: {@code trials: 8 stored, 4 given}. */
  static List<String> differences(JsonObject stored, JsonObject given) {
    Set<String> fields = new LinkedHashSet<>(stored.keySet());
    fields.addAll(given.keySet());
    List<String> lines = new ArrayList<>();
    for (String field : fields) {
      JsonElement before = stored.get(field);
      JsonElement now = given.get(field);
      if (before == null || !before.equals(now)) {
        lines.add(field + ": " + (before == null ? "(none)" : before) + " stored, " + (now == null ? "(none)" : now)
            + " given");
      }
    }
    return lines;
  }
}
