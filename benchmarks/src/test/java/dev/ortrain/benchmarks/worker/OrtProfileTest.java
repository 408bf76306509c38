package dev.ortrain.benchmarks.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtProfileTest {
  @TempDir Path dir;

  /** A training-session profile: per run, a Gemm of 30 µs and a Relu of 10 µs, then the run itself. */
  private static String trainingProfile(int runs) {
    List<String> events = new ArrayList<>();
    events.add(event("Session", "model_loading_uri", 0, 500, null));
    for (int r = 0; r < runs; r++) {
      long ts = 1000 + 100L * r;
      events.add(event("Node", "gemm_kernel_time", ts + 1, 30, "Gemm"));
      events.add(event("Node", "relu_kernel_time", ts + 40, 10, "Relu"));
      events.add(event("Session", "model_run", ts, 60, null));
    }
    return profile(events);
  }

  /** A profile file's text: one event per line, as ONNX Runtime writes it. */
  private static String profile(List<String> events) {
    return "[\n" + String.join(",\n", events) + "\n]\n";
  }

  private static String event(String cat, String name, long ts, long dur, String op) {
    String args = op == null ? "{}" : "{\"op_name\" : \"" + op + "\"}";
    return "{\"cat\" : \"" + cat + "\",\"pid\" :1,\"tid\" :1,\"dur\" :" + dur + ",\"ts\" :" + ts
        + ",\"ph\" : \"X\",\"name\" :\"" + name + "\",\"args\" : " + args + "}";
  }

  @Test
  void kernelTimePerMeasuredStepWithTheCallersTimedRow() throws IOException {
    Files.writeString(dir.resolve("ort_2026.json"), trainingProfile(5));
    List<Map<String, Object>> rows = OrtProfile.summarize(dir, 2, 10, Map.of("Optimizer (timed)", 60.0));
    assertEquals(List.of("Optimizer (timed)", "Gemm", "Relu"), rows.stream().map(r -> r.get("name")).toList());
    assertEquals(0.030, (double) rows.get(1).get("ms_per_step"), 1e-12);
    assertEquals(0.010, (double) rows.get(2).get("ms_per_step"), 1e-12);
    assertEquals(60.0, (double) rows.get(0).get("percent"), 1e-9);
  }

  @Test
  void headOverwrittenByAnotherSessionsShorterProfileIsSkipped() throws IOException {
    Path file = dir.resolve("ort_2026.json");
    Files.writeString(file, trainingProfile(6));
    // The optimizer session closes last and writes its own, shorter profile from the start of the same file.
    String shorter = "[\n" + event("Session", "model_loading_uri", 0, 7, null) + ",\n"
        + event("Node", "adam_kernel_time", 5, 9, "AdamW") + "\n]";
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(shorter.getBytes(StandardCharsets.UTF_8));
    }
    // The training session's first line is overwritten; its five later runs and their kernels are intact.
    List<Map<String, Object>> rows = OrtProfile.summarize(dir, 1, 10, Map.of());
    assertEquals(List.of("Gemm", "Relu"), rows.stream().map(r -> r.get("name")).toList());
    assertEquals(0.030, (double) rows.get(0).get("ms_per_step"), 1e-12);
  }

  @Test
  void aTimedRowGivesWayToTheOperatorsOwnProfile() throws IOException {
    Files.writeString(dir.resolve("ort_2026-12-02_10-00-00_100.json"), trainingProfile(4));
    List<String> optimizer = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      optimizer.add(event("Node", "adamw_kernel_time", 5001 + 100L * r, 20, "AdamWOptimizer"));
      optimizer.add(event("Session", "model_run", 5000 + 100L * r, 25, null));
    }
    Files.writeString(dir.resolve("ort_2026-12-02_10-00-00_104.json"), profile(optimizer));
    List<Map<String, Object>> rows = OrtProfile.summarize(dir, 1, 10, Map.of(OrtProfile.TIMED_OPTIMIZER, 50.0));
    assertEquals(List.of("Gemm", "AdamWOptimizer", "Relu"), rows.stream().map(r -> r.get("name")).toList());
    assertEquals(0.020, (double) rows.get(1).get("ms_per_step"), 1e-12);
  }

  @Test
  void noProfileWithMeasuredRunsIsAnError() throws IOException {
    Files.writeString(dir.resolve("ort_2026.json"), trainingProfile(2));
    IOException e = assertThrows(IOException.class, () -> OrtProfile.summarize(dir, 3, 10, Map.of()));
    assertEquals("ONNX Runtime wrote no profile with more than 3 runs into " + dir, e.getMessage());
  }
}
