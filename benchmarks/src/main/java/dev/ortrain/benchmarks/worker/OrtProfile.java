package dev.ortrain.benchmarks.worker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads ONNX Runtime's profiler output (Chrome trace JSON) into kernel time per operator type. */
final class OrtProfile {
  private OrtProfile() {}

  /**
   * Sums the {@code Node} events' durations by {@code op_name} over every profile file in {@code dir} (the
   * training and optimizer sessions write one each); {@code steps} is how many steps the files cover.
   */
  static List<Map<String, Object>> summarize(Path dir, int steps, int top) throws IOException {
    Map<String, Long> micros = new HashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
    if (files.isEmpty()) {
      throw new IOException("ONNX Runtime wrote no profile into " + dir);
    }
    for (Path file : files) {
      try (Reader r = Files.newBufferedReader(file)) {
        for (JsonElement e : JsonParser.parseReader(r).getAsJsonArray()) {
          JsonObject event = e.getAsJsonObject();
          if (!"Node".equals(str(event, "cat")) || !str(event, "name").endsWith("_kernel_time")) {
            continue;
          }
          JsonObject args = event.getAsJsonObject("args");
          String op = args != null && args.has("op_name") ? args.get("op_name").getAsString() : "?";
          micros.merge(op, event.get("dur").getAsLong(), Long::sum);
        }
      }
    }
    long total = micros.values().stream().mapToLong(Long::longValue).sum();
    List<Map<String, Object>> rows = new ArrayList<>();
    micros.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(en -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("name", en.getKey());
          row.put("percent", 100.0 * en.getValue() / total);
          row.put("ms_per_step", en.getValue() / 1e3 / steps);
          rows.add(row);
        });
    return rows;
  }

  private static String str(JsonObject o, String key) {
    return o.has(key) ? o.get(key).getAsString() : "";
  }
}
