package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming with more epochs continues the same run; fewer than done, or past a fitted schedule's end, is refused. */
class ExtendedRunTest {
  @TempDir Path dir;

  private Trainer.Builder base(int epochs, Schedule schedule) {
    TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(16).threads(1).learningRate(0.01f).build();
    return Trainer.builder().config(config).model(TrainerFixtures.mlp(true)).loss(CrossEntropyLoss.create())
        .trainData(TrainerFixtures.clusters(200, 1)).validationData(TrainerFixtures.clusters(64, 2))
        .metrics(new Accuracy()).schedule(schedule, Interval.EPOCH).runDirectory(dir.resolve("run")).log(m -> { });
  }

  private record Outcome(List<Map<String, Double>> history, OrtCheckpoint parameters, String metricsCsv) {}

  private Outcome straight(int epochs, Schedule schedule) throws IOException {
    Path run = dir.resolve("straight-" + epochs);
    try (Trainer t = base(epochs, schedule).runDirectory(run).callback(new MetricsFile()).build()) {
      FitResult r = t.fit();
      return new Outcome(r.history(), t.state().snapshotParameters().checkpoint(),
          Files.readString(run.resolve(MetricsFile.CSV)));
    }
  }

  private void trainWithCheckpoints(int epochs, Schedule schedule) {
    try (Trainer t = base(epochs, schedule).callback(new MetricsFile()).callback(ModelCheckpoint.everyEpoch())
        .build()) {
      t.fit();
    }
  }

  @Test
  void aResumeWithMoreEpochsEqualsARunThatHadThemFromTheStart() throws IOException {
    Schedule halving = Schedule.step(1, 0.5); // its values do not depend on the training length
    Outcome straight = straight(4, halving);
    trainWithCheckpoints(2, halving);
    try (Trainer t = base(4, halving).callback(new MetricsFile()).build()) {
      ResumedRun resumed = t.restore(dir.resolve("run"));
      assertEquals(Optional.of("extending from 2 to 4 epochs"), resumed.lengthChange());
      assertEquals(2, resumed.epochsDone());
      FitResult r = t.fit();
      assertEquals(straight.history(), r.history(), "metrics bit for bit");
      assertEquals(straight.parameters().trainable(), t.state().snapshotParameters().checkpoint().trainable(),
          "parameters bit for bit");
      assertEquals(4, t.state().epochs());
    }
    assertEquals(straight.metricsCsv(), Files.readString(dir.resolve("run").resolve(MetricsFile.CSV)));
  }

  @Test
  void anExtendedRunCanBeExtendedAgain() throws IOException {
    Outcome straight = straight(3, Schedule.constant());
    trainWithCheckpoints(1, Schedule.constant());
    for (int epochs : new int[] {2, 3}) {
      try (Trainer t = base(epochs, Schedule.constant()).callback(ModelCheckpoint.everyEpoch()).build()) {
        assertEquals(Optional.of("extending from " + (epochs - 1) + " to " + epochs + " epochs"),
            t.restore(dir.resolve("run")).lengthChange());
        FitResult r = t.fit();
        if (epochs == 3) {
          assertEquals(straight.history(), r.history());
        }
      }
    }
  }

  /** A cosine fitted to 2 epochs would climb back up over 2 more: refused, unless the user consents. */
  @Test
  void aScheduleFittedToTheOldLengthNeedsConsent() throws IOException {
    Schedule cosine = Schedule.cosine(2, 0.001);
    trainWithCheckpoints(2, cosine);
    Map<String, String> before = contents(dir.resolve("run"));
    try (Trainer t = base(4, cosine).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(dir.resolve("run")));
      assertTrue(e.getMessage().contains("from 2 to 4 epochs is refused: the learning-rate schedule cosine(tMax=2,"
          + " etaMin=0.001) ends after 2 epochs, which the run of 2 epochs (2 epochs) did not pass"), e.getMessage());
      assertTrue(e.getMessage().contains("ScheduleOnExtension.CONTINUE_PAST_ITS_END (command line: --extend); or"
          + " resume with epochs = 2."), e.getMessage());
    }
    assertEquals(before, contents(dir.resolve("run")), "a refused resume changes nothing on disk");
    Outcome straight = straight(4, cosine);
    try (Trainer t = base(4, cosine).scheduleOnExtension(ScheduleOnExtension.CONTINUE_PAST_ITS_END).build()) {
      t.restore(dir.resolve("run"));
      assertEquals(straight.history(), t.fit().history(), "continues as a 4-epoch run with that cosine would");
    }
  }

  @Test
  void aCosineLongerThanTheExtensionNeedsNoConsent() {
    Schedule cosine = Schedule.cosine(3, 0.001);
    trainWithCheckpoints(2, cosine);
    try (Trainer t = base(3, cosine).build()) {
      assertEquals(Optional.of("extending from 2 to 3 epochs"), t.restore(dir.resolve("run")).lengthChange());
    }
  }

  /** Stopped inside epoch 2 (batch 6 of 13): 2 epochs are the fewest that continue it, 1 is refused. */
  @Test
  void fewerEpochsThanWhereTheCheckpointStandsAreRefused() throws IOException {
    Callback crash = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.epoch() == 1 && ctx.batchInEpoch() == 6) {
          ctx.saveCheckpoint("inside-epoch-2");
          ctx.stop("simulated crash");
        }
      }
    };
    try (Trainer t = base(3, Schedule.constant()).callback(crash).build()) {
      t.fit();
    }
    Map<String, String> before = contents(dir.resolve("run"));
    try (Trainer t = base(1, Schedule.constant()).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(dir.resolve("run")));
      assertEquals("Checkpoint " + dir.resolve("run/checkpoints/inside-epoch-2") + " has done 1 epochs and part of"
          + " epoch 2 of its 3; epochs = 1 would end the run before where it stands. Resume with epochs of at least 2.",
          e.getMessage());
    }
    assertEquals(before, contents(dir.resolve("run")), "a refused resume changes nothing on disk");
    try (Trainer t = base(2, Schedule.constant()).build()) {
      ResumedRun resumed = t.restore(dir.resolve("run"));
      assertEquals(Optional.of("shortening from 3 to 2 epochs"), resumed.lengthChange());
      assertEquals(2, t.fit().epochsCompleted());
    }
  }

  /** Checkpointed at the end of epoch 2 of 3: 2 epochs are the fewest that continue it, 1 is refused. */
  @Test
  void fewerEpochsThanAnEpochEndCheckpointHasDoneAreRefused() {
    trainWithCheckpoints(3, Schedule.constant());
    Path second = dir.resolve("run/checkpoints").resolve(new dev.ortrain.checkpoint.CheckpointStore(
        dir.resolve("run/checkpoints")).list().stream().map(p -> p.getFileName().toString())
        .filter(n -> n.startsWith("epoch-0002")).findFirst().orElseThrow());
    try (Trainer t = base(1, Schedule.constant()).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(second));
      assertEquals("Checkpoint " + second + " has done 2 epochs of its 3; epochs = 1 would end the run before where"
          + " it stands. Resume with epochs of at least 2.", e.getMessage());
    }
  }

  /** Epochs are no longer part of the fingerprint: a mismatch lists what differs, epochs not among it. */
  @Test
  void aMismatchListsOnlyTheDifferingSettings() {
    trainWithCheckpoints(1, Schedule.constant());
    TrainerConfig other = TrainerConfig.builder().epochs(2).batchSize(16).threads(1).learningRate(0.02f).build();
    try (Trainer t = base(2, Schedule.constant()).config(other).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(dir.resolve("run")));
      String differences = e.getMessage().substring(e.getMessage().indexOf("what differs:"));
      assertEquals("what differs:\n  lr: checkpoint 0.01, this run 0.02\nResume it with the configuration, model and"
          + " data it was written with.", differences);
    }
  }

  /** Every file under {@code root} but the lock, which records the process that last held the folder. */
  private static Map<String, String> contents(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      Map<String, String> contents = new TreeMap<>();
      files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(RunDirectoryLock.FILE))
          .forEach(p -> contents.put(root.relativize(p).toString(), digest(p)));
      return contents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digest(Path file) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
