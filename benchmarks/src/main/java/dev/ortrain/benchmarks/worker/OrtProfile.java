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
  /** The optimizer step's row: timed by the caller, since its session's profile file is overwritten. */
  static final String TIMED_OPTIMIZER = "AdamWOptimizer (timed)";

  private OrtProfile() {}

  /**
   * Sums the {@code Node} events' durations by {@code op_name} over every profile file in {@code dir},
   * leaving out each session's first {@code warmup} runs; {@code steps} is how many runs remain. {@code timed}
   * adds operators the caller timed itself (microseconds over the same steps).
   */
  static List<Map<String, Object>> summarize(Path dir, int warmup, int steps, int top, Map<String, Long> timed)
      throws IOException {
    Map<String, Long> micros = new HashMap<>(timed);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
    if (files.isEmpty()) {
      throw new IOException("ONNX Runtime wrote no profile into " + dir);
    }
    for (Path file : files) {
      try (Reader r = Files.newBufferedReader(file)) {
        List<JsonObject> events = new ArrayList<>();
        JsonParser.parseReader(r).getAsJsonArray().forEach(e -> events.add(e.getAsJsonObject()));
        // Runs are "model_run" events; kernels before the first measured run belong to the warm-up.
        List<Long> runs = events.stream().filter(ev -> "model_run".equals(str(ev, "name")))
            .map(ev -> ev.get("ts").getAsLong()).sorted().toList();
        long cutoff = runs.size() > warmup ? runs.get(warmup) : Long.MAX_VALUE;
        for (JsonObject event : events) {
          if (!"Node".equals(str(event, "cat")) || !str(event, "name").endsWith("_kernel_time")
              || event.get("ts").getAsLong() < cutoff) {
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
