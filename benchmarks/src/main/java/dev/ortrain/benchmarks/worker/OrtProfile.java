package dev.ortrain.benchmarks.worker;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads ONNX Runtime's profiler output (Chrome trace JSON, one event per line) into kernel time per operator
 * type and step.
 */
public final class OrtProfile {
  /** Marks a row the caller timed itself; the operator's name comes before it. */
  static final String TIMED_SUFFIX = " (timed)";
  /**
   * The optimizer step's row, timed by the caller: ONNX Runtime 1.24 names a profile file by prefix and second,
   * so the optimizer session's profile is overwritten by the training session's.
   */
  static final String TIMED_OPTIMIZER = "AdamWOptimizer" + TIMED_SUFFIX;

  private OrtProfile() {}

  /**
   * Sums the {@code Node} events' durations by {@code op_name} over every profile file in {@code dir}, leaving
   * out each file's first {@code warmup} runs, and divides by the runs that remain. The training API's sessions
   * share one profile file name (prefix and second), and each writes it from the start when it closes: a
   * shorter profile can overwrite the head of the training session's. The file is therefore read line by line,
   * and lines that are not whole events are skipped. {@code timedPerStep} adds operators the caller timed
   * itself (microseconds per step).
   */
  public static List<Map<String, Object>> summarize(Path dir, int warmup, int top, Map<String, Double> timedPerStep)
      throws IOException {
    Map<String, Double> perStep = new HashMap<>(timedPerStep);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
    boolean measured = false;
    for (Path file : files) {
      List<JsonObject> events = events(file);
      // Runs are "model_run" events; kernels before the first measured run belong to the warm-up.
      List<Long> runs = events.stream().filter(ev -> "model_run".equals(str(ev, "name")))
          .map(ev -> ev.get("ts").getAsLong()).sorted().toList();
      if (runs.size() <= warmup) {
        continue;
      }
      long cutoff = runs.get(warmup);
      int steps = runs.size() - warmup;
      measured = true;
      for (JsonObject event : events) {
        if (!"Node".equals(str(event, "cat")) || !str(event, "name").endsWith("_kernel_time")
            || event.get("ts").getAsLong() < cutoff) {
          continue;
        }
        JsonObject args = event.getAsJsonObject("args");
        String op = args != null && args.has("op_name") ? args.get("op_name").getAsString() : "?";
        perStep.merge(op, event.get("dur").getAsDouble() / steps, Double::sum);
      }
    }
    if (!measured) {
      throw new IOException("ONNX Runtime wrote no profile with more than " + warmup + " runs into " + dir);
    }
    // ONNX Runtime 1.28 names profile files to the millisecond, so the optimizer session keeps its own: a timed
    // row "X (timed)" then gives way to the kernels of X that a profile holds.
    for (String timed : timedPerStep.keySet()) {
      if (timed.endsWith(TIMED_SUFFIX)
          && perStep.containsKey(timed.substring(0, timed.length() - TIMED_SUFFIX.length()))) {
        perStep.remove(timed);
      }
    }
    double total = perStep.values().stream().mapToDouble(Double::doubleValue).sum();
    List<Map<String, Object>> rows = new ArrayList<>();
    perStep.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
        .forEach(en -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("name", en.getKey());
          row.put("percent", 100.0 * en.getValue() / total);
          row.put("ms_per_step", en.getValue() / 1e3);
          rows.add(row);
        });
    return rows;
  }

  /** The whole events of a profile file, one per line; a line overwritten by another session is skipped. */
  private static List<JsonObject> events(Path file) throws IOException {
    List<JsonObject> events = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String s = line.strip();
      if (s.endsWith(",")) {
        s = s.substring(0, s.length() - 1);
      }
      if (!s.startsWith("{") || !s.endsWith("}")) {
        continue;
      }
      try {
        events.add(JsonParser.parseString(s).getAsJsonObject());
      } catch (JsonParseException | IllegalStateException e) {
        // Part of an event: another session's shorter profile ended inside this line.
      }
    }
    return events;
  }

  private static String str(JsonObject o, String key) {
    return o.has(key) ? o.get(key).getAsString() : "";
  }
}
