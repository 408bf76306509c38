package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.ValidationConfig;
import dev.ortrain.schedule.Interval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
  @TempDir Path dir;

  @Test
  void csvAndJsonLinesHoldTheHistoryAndTheSteps() throws IOException {
    Files.writeString(dir.resolve(MetricsFile.CSV), "left,over\n1,2\n"); // an earlier run's file
    FitResult result;
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(3).build(), dir)
        .callback(new MetricsFile(1)).build()) {
      result = t.fit();
    }
    List<Map<String, Double>> history = result.history();
    List<String> csv = Files.readAllLines(dir.resolve(MetricsFile.CSV));
    assertEquals("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr", csv.get(0));
    assertEquals(4, csv.size(), "a header and one row per epoch, nothing of the earlier file");
    for (int e = 0; e < 3; e++) {
      assertEquals(history.get(e), csvRow(csv.get(0), csv.get(e + 1)), "bit for bit");
    }
    assertTrue(csv.get(1).startsWith("1,"), "whole numbers without .0: " + csv.get(1));

    List<JsonObject> lines = jsonLines(dir.resolve(MetricsFile.JSONL));
    assertEquals(3 * 13 + 3, lines.size());
    int line = 0;
    for (int e = 0; e < 3; e++) {
      double weighted = 0;
      int samples = 0;
      for (int b = 1; b <= 13; b++) {
        JsonObject step = lines.get(line++);
        assertEquals("step", step.get("type").getAsString());
        assertEquals(e + 1, step.get("epoch").getAsInt());
        assertEquals(b, step.get("batch").getAsInt());
        assertEquals(e * 13 + b, step.get("step").getAsLong());
        assertEquals((double) 0.01f, step.get("lr").getAsDouble());
        int size = b < 13 ? 16 : 8;
        weighted += step.get("loss").getAsDouble() * size;
        samples += size;
      }
      assertEquals(history.get(e).get("train_loss"), weighted / samples, 1e-9,
          "step losses average to the epoch's train_loss");
      JsonObject epoch = lines.get(line++);
      assertEquals("epoch", epoch.get("type").getAsString());
      assertEquals(history.get(e), jsonMetrics(epoch));
    }
  }

  @Test
  void aMetricThatAppearsLaterGetsAColumnInEveryRow() throws IOException {
    // Validation every 20 steps: epoch 1 (steps 1-13) has no val_* yet, epoch 2 (step 20) brings them.
    var config = LoggingFixtures.config(3).validation(new ValidationConfig(20, Interval.STEP, 0, 1.0)).build();
    FitResult result;
    try (Trainer t = LoggingFixtures.trainer(config, dir).callback(new MetricsFile()).build()) {
      result = t.fit();
    }
    List<String> csv = Files.readAllLines(dir.resolve(MetricsFile.CSV));
    assertEquals(List.of("epoch,train_loss,train_accuracy,lr,val_loss,val_accuracy"), csv.subList(0, 1));
    assertEquals(4, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(1).endsWith(",,"), "epoch 1 has no validation: " + csv.get(1));
    for (int e = 0; e < 3; e++) {
      assertEquals(result.history().get(e), csvRow(csv.get(0), csv.get(e + 1)));
    }
    List<JsonObject> lines = jsonLines(dir.resolve(MetricsFile.JSONL));
    assertEquals(3, lines.size(), "no step lines unless asked for");
    assertEquals(result.history().get(0), jsonMetrics(lines.get(0)));
  }

  @Test
  void aFileThatCannotBeWrittenStopsTrainingWithItsPlace() throws IOException {
    Files.createDirectories(dir.resolve(MetricsFile.CSV).resolve("in-the-way"));
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(1).build(), dir)
        .callback(new MetricsFile()).build()) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, t::fit);
      assertTrue(e.getMessage().startsWith("Cannot write the metrics to " + dir.resolve(MetricsFile.CSV) + ": ")
          && e.getMessage().contains("Is a directory"), "the place and the cause: " + e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve(MetricsFile.CSV + ".part")), "no part file is left behind");
  }

  @Test
  void nonFiniteValuesAreNullInJsonAndWholeNumbersHaveNoFraction() {
    Map<String, Double> record = new LinkedHashMap<>();
    record.put("epoch", 2.0);
    record.put("train_loss", Double.NaN);
    record.put("val_loss", 0.5);
    assertEquals("{\"type\":\"epoch\",\"epoch\":2,\"train_loss\":null,\"val_loss\":0.5}",
        MetricsFile.epochLine(record));
    assertEquals("3", MetricsFile.plain(3.0));
    assertEquals("0.25", MetricsFile.plain(0.25));
    assertEquals("NaN", MetricsFile.plain(Double.NaN));
    assertEquals("1.0E20", MetricsFile.plain(1e20));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MetricsFile(-1));
    assertEquals("everySteps must be at least 0 (0 = no step lines), got -1", e.getMessage());
    assertEquals(Callback.LOGGING, new MetricsFile().order());
  }

  /** A CSV row as a map of the non-empty cells. */
  static Map<String, Double> csvRow(String header, String row) {
    String[] names = header.split(",", -1);
    String[] cells = row.split(",", -1);
    assertEquals(names.length, cells.length, row);
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (!cells[i].isEmpty()) {
        values.put(names[i], Double.parseDouble(cells[i]));
      }
    }
    return values;
  }

  static List<JsonObject> jsonLines(Path file) throws IOException {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return lines;
  }

  /** An epoch line's metrics, without its type. */
  static Map<String, Double> jsonMetrics(JsonObject epochLine) {
    Map<String, Double> values = new LinkedHashMap<>();
    epochLine.entrySet().stream().filter(e -> !e.getKey().equals("type"))
        .forEach(e -> values.put(e.getKey(), e.getValue().getAsDouble()));
    return values;
  }
}
