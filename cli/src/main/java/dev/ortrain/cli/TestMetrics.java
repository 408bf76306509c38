package dev.ortrain.cli;

import com.google.gson.GsonBuilder;
import dev.ortrain.loop.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run --test}: the test data evaluated once after training and kept in the run folder; the console
 * recording prints the metrics, else they are printed here.
 */
final class TestMetrics {
  static final String FILE = "test-metrics.json";

  private TestMetrics() {}

  static Map<String, Double> evaluate(Trainer trainer, RunFolder folder, boolean consoleRecorded,
      PrintWriter console) {
    Map<String, Double> metrics = trainer.test();
    if (!consoleRecorded) {
      StringBuilder line = new StringBuilder("test");
      metrics.forEach((name, value) -> line.append(String.format(Locale.ROOT, "  %s %.4f", name, value)));
      console.println(line);
    }
    Path file = folder.dir().resolve(FILE);
    try {
      Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
          .toJson(metrics) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the test metrics to " + file, e);
    }
    console.println("Test metrics (once, after training): " + file.toAbsolutePath());
    return metrics;
  }
}
