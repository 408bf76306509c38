package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.ortrain.callbacks.ConsoleLogger.Level;
import dev.ortrain.callbacks.LoggingFixtures.Captured;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run checkpoints in the middle of epoch 2 (step 19), goes on to write epoch 2 and part of epoch 3, and dies
 * with a torn last line; it is resumed from the checkpoint into the same run directory.
 */
class ResumedLoggingTest {
  private static final TrainerConfig CONFIG = LoggingFixtures.config(4).build();

  @TempDir Path dir;

  @Test
  void resumedRunLogsEachEpochOnceAndFromWhereItResumed() throws IOException {
    Callback checkpointThenCrash = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.epoch() == 1 && ctx.batchInEpoch() == 6) {
          ctx.saveCheckpoint("mid");
        }
        if (ctx.epoch() == 2 && ctx.batchInEpoch() == 4) {
          ctx.stop("crash");
        }
      }
    };
    try (Trainer t = LoggingFixtures.trainer(CONFIG, dir).callback(new MetricsFile(1))
        .callback(checkpointThenCrash).build()) {
      assertEquals("crash", t.fit().stopReason());
    }
    Path jsonl = dir.resolve(MetricsFile.JSONL);
    assertEquals(3, Files.readAllLines(dir.resolve(MetricsFile.CSV)).size(), "epochs 1 and 2 written before");
    Files.writeString(jsonl, "{\"type\":\"step\",\"ep", StandardOpenOption.APPEND); // killed mid-write

    Captured console = new Captured();
    Captured lines = new Captured();
    Captured bar = new Captured();
    FitResult resumed;
    try (Trainer t = LoggingFixtures.trainer(CONFIG, dir).callback(new MetricsFile(1))
        .callback(new ConsoleLogger(Level.EPOCH, 1, console.out))
        .callback(new ProgressBar(lines.out, false))
        .callback(new ProgressBar(new TerminalBar(bar.out, 100, System::nanoTime))).build()) {
      resumed = t.resume(dir.resolve("checkpoints/mid"));
    }
    assertEquals(4, resumed.history().size());

    List<String> csv = Files.readAllLines(dir.resolve(MetricsFile.CSV));
    assertEquals(5, csv.size(), String.join("\n", csv));
    for (int e = 0; e < 4; e++) {
      assertEquals(resumed.history().get(e), MetricsFileTest.csvRow(csv.get(0), csv.get(e + 1)));
    }

    List<JsonObject> json = MetricsFileTest.jsonLines(jsonl); // would throw on the torn line
    List<JsonObject> epochs = json.stream().filter(o -> o.get("type").getAsString().equals("epoch")).toList();
    assertEquals(4, epochs.size());
    for (int e = 0; e < 4; e++) {
      assertEquals(resumed.history().get(e), MetricsFileTest.jsonMetrics(epochs.get(e)));
    }
    List<Long> steps = json.stream().filter(o -> o.get("type").getAsString().equals("step"))
        .map(o -> o.get("step").getAsLong()).toList();
    assertEquals(LongStream.rangeClosed(1, 52).boxed().toList(), steps, "each step once, in order");
    int firstOfEpoch3 = json.indexOf(epochs.get(1)) + 1;
    assertEquals(27, json.get(firstOfEpoch3).get("step").getAsLong(), "epoch 2's line follows its steps");

    assertEquals("resumed at epoch 2/4, batch 6/13, step 19", console.lines().get(0));
    assertEquals(List.of("epoch 2/4", "epoch 3/4", "epoch 4/4"),
        console.linesStartingWith("epoch ").stream().map(l -> l.substring(0, 9)).toList());

    List<String> progress = lines.lines();
    assertEquals(3, progress.size(), lines.text());
    assertTrue(progress.get(0).startsWith("epoch 2/4  batch 13/13 (100%)  loss "), progress.get(0));

    String[] bars = bar.textWithFinishedLines(3).split("\n");
    assertEquals(3, bars.length, "the resumed epoch gets a bar too");
    assertTrue(bars[0].contains("epoch 2/4"), bars[0]);
  }
}
