package dev.ortrain.tracking.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.testing.PythonInterpreter;
import dev.ortrain.tracking.ExperimentLogger;
import dev.ortrain.tracking.HyperParameters;
import dev.ortrain.tracking.RecordingLogger;
import dev.ortrain.tracking.TrackingCallback;
import dev.ortrain.tracking.TrackingFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the event files of a killed and resumed run back with TensorBoard's own Python reader
 * ({@code EventAccumulator} and the hparams plugin's parsers, via src/test/python/read_tensorboard_events.py):
 * every tag, step and value must be those the run logged, each step once, with the values of the run that
 * went on after the checkpoint, and the hyper-parameters must read back with their types.
 */
class TensorBoardReadBackTest {
  private static final Path READER = Path.of("src/test/python/read_tensorboard_events.py");
  private static final int STEPS = TrackingFixtures.STEPS_PER_EPOCH;
  private static final TrainerConfig CONFIG = TrackingFixtures.config(3);
  private static final HyperParameters HYPER_PARAMETERS = HyperParameters.of(CONFIG).with("model", "mlp");

  @TempDir Path run;

  @Test
  void tensorBoardReadsAResumedRunsStepsOnceWithTheValuesLogged() throws IOException {
    PythonInterpreter python = PythonInterpreter.importing("tensorboard").orElse(null);
    Assumptions.assumeTrue(python != null, "No Python with tensorboard installed among "
        + PythonInterpreter.searched() + "; skipping the read-back by TensorBoard's own reader");
    RecordingLogger killed = new RecordingLogger();
    RecordingLogger resumed = new RecordingLogger();

    try (Trainer t = TrackingFixtures.trainer(CONFIG, run).callback(tracking(new TensorBoardLogger()))
        .callback(tracking(killed)).callback(checkpointAfterFirstEpochThenDieInTheThird()).build()) {
      assertThrows(IllegalStateException.class, t::fit);
    }
    try (Trainer t = TrackingFixtures.trainer(CONFIG, run).callback(tracking(new TensorBoardLogger()))
        .callback(tracking(resumed)).build()) {
      t.resume(run.resolve("checkpoints/first"));
    }

    PythonInterpreter.Outcome read = python.runScript(READER, run.resolve(TensorBoardLogger.DIRECTORY).toString());
    assertEquals(0, read.exitCode(), read.stderr());
    JsonObject board = JsonParser.parseString(read.stdout()).getAsJsonObject();

    JsonObject scalars = board.getAsJsonObject("scalars");
    TreeSet<String> tags = new TreeSet<>(killed.logged.get(0).scalars().keySet());
    killed.logged.forEach(l -> tags.addAll(l.scalars().keySet()));
    assertEquals(tags, new TreeSet<>(scalars.keySet()));
    for (String tag : tags) {
      Map<Long, Double> expected = new LinkedHashMap<>();
      killed.series(tag).forEach((step, value) -> {
        if (step <= STEPS) { // what the killed run logged after its checkpoint is superseded
          expected.put(step, value);
        }
      });
      expected.putAll(resumed.series(tag));
      assertEquals(expected.keySet().stream().map(Object::toString).toList(), steps(scalars.getAsJsonArray(tag)),
          tag + ": each step once, in order");
      for (JsonElement point : scalars.getAsJsonArray(tag)) {
        long step = point.getAsJsonArray().get(0).getAsLong();
        assertEquals(expected.get(step).floatValue(), point.getAsJsonArray().get(1).getAsFloat(),
            tag + " at step " + step);
      }
    }
    assertEquals(3 * STEPS, scalars.getAsJsonArray(TrackingCallback.STEP_LOSS).size());

    JsonObject hparams = board.getAsJsonObject("hparams");
    assertEquals(HYPER_PARAMETERS.values().keySet(), hparams.keySet());
    assertEquals(3, hparams.get("epochs").getAsDouble());
    assertEquals(16, hparams.get("batchSize").getAsDouble());
    assertEquals(0.01, hparams.get("learningRate").getAsDouble());
    assertEquals(CONFIG.optimizer().describe(), hparams.get("optimizer").getAsString());
    assertTrue(hparams.get("shuffle").getAsJsonPrimitive().isBoolean(), "a flag, not a number or text");
    assertTrue(hparams.get("shuffle").getAsBoolean());
    assertEquals("mlp", hparams.get("model").getAsString());
    assertEquals("STATUS_SUCCESS", board.get("end_status").getAsString());
    assertEquals(1, board.getAsJsonObject("hparams_tensors").get(HParamsPlugin.SESSION_END_TAG).getAsInt());
  }

  private static TrackingCallback tracking(ExperimentLogger logger) {
    return new TrackingCallback(logger, HYPER_PARAMETERS);
  }

  /** Checkpoints at step 13, flushes epoch 2 (steps 14 to 26), then fails in epoch 3 as a killed process would. */
  private static Callback checkpointAfterFirstEpochThenDieInTheThird() {
    return new Callback() {
      @Override
      public void onEpochEnd(TrainingContext ctx) {
        if (ctx.epoch() == 0) {
          ctx.saveCheckpoint("first");
        }
      }

      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.epoch() == 2 && ctx.batchInEpoch() == 4) {
          throw new IllegalStateException("killed");
        }
      }
    };
  }

  private static List<String> steps(JsonArray points) {
    List<String> steps = new ArrayList<>();
    points.forEach(p -> steps.add(p.getAsJsonArray().get(0).getAsString()));
    return steps;
  }
}
