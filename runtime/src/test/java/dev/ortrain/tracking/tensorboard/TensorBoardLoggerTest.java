package dev.ortrain.tracking.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Value;
import dev.ortrain.tracking.HyperParameters;
import dev.ortrain.tracking.TrainingStart;
import dev.ortrain.tracking.tensorboard.proto.Event;
import dev.ortrain.tracking.tensorboard.proto.HParamsPluginData;
import dev.ortrain.tracking.tensorboard.proto.SessionLog;
import dev.ortrain.tracking.tensorboard.proto.Status;
import dev.ortrain.tracking.tensorboard.proto.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardLoggerTest {
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_250L));
  private static final HyperParameters HYPER_PARAMETERS = HyperParameters.none().with("learningRate", 0.01f)
      .with("optimizer", "sgd").with("shuffle", true);

  @TempDir Path run;

  @Test
  void writesVersionHyperParametersScalarsAndEndIntoTheRunsTensorBoardFolder() throws IOException {
    TensorBoardLogger logger = new TensorBoardLogger(Optional.empty(), CLOCK);

    logger.start(new TrainingStart(run, HYPER_PARAMETERS, 0));
    logger.logScalars(5, scalars("step/loss", 0.123456789, "step/lr", 0.01));
    logger.close();

    List<Path> files = EventFiles.list(run.resolve(TensorBoardLogger.DIRECTORY));
    assertEquals(1, files.size());
    assertTrue(files.get(0).getFileName().toString().matches("events\\.out\\.tfevents\\.1700000000\\.[^.].*"),
        files.get(0).toString());
    List<Event> events = EventFiles.read(files.get(0));
    assertEquals(4, events.size());
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    assertEquals(1_700_000_000.25, events.get(0).getWallTime());

    Event start = events.get(1);
    assertEquals(0, start.getStep());
    assertEquals(HParamsPlugin.SESSION_START_TAG, start.getSummary().getValue(0).getTag());
    HParamsPluginData startData = EventFiles.hparams(start);
    assertEquals(0, startData.getVersion());
    assertEquals(Map.of("learningRate", Value.newBuilder().setNumberValue(0.01).build(),
        "optimizer", Value.newBuilder().setStringValue("sgd").build(),
        "shuffle", Value.newBuilder().setBoolValue(true).build()), startData.getSessionStartInfo().getHparamsMap());
    assertEquals(1_700_000_000.25, startData.getSessionStartInfo().getStartTimeSecs());
    assertEquals(0, start.getSummary().getValue(0).getTensor().getTensorShape().getDim(0).getSize());

    Event scalars = events.get(2);
    assertEquals(5, scalars.getStep());
    List<Summary.Value> values = scalars.getSummary().getValueList();
    assertEquals(List.of("step/loss", "step/lr"), values.stream().map(Summary.Value::getTag).toList());
    assertEquals(0.123456789f, values.get(0).getSimpleValue());
    assertEquals(0.01f, values.get(1).getSimpleValue());

    Event end = events.get(3);
    assertEquals(5, end.getStep(), "at the last step logged");
    assertEquals(HParamsPlugin.SESSION_END_TAG, end.getSummary().getValue(0).getTag());
    assertEquals(Status.STATUS_SUCCESS, EventFiles.hparams(end).getSessionEndInfo().getStatus());
  }

  @Test
  void scalarsReachTheFileWhenFlushed() throws IOException {
    TensorBoardLogger logger = new TensorBoardLogger(Optional.empty(), CLOCK);
    logger.start(new TrainingStart(run, HYPER_PARAMETERS, 0));
    Path file = EventFiles.list(run.resolve(TensorBoardLogger.DIRECTORY)).get(0);

    logger.logScalars(1, scalars("step/loss", 1.0));
    assertEquals(2, EventFiles.read(file).size(), "a killed run keeps what was flushed, and only that");
    logger.flush();
    assertEquals(3, EventFiles.read(file).size());
  }

  @Test
  void writesOnItsOwnOnceAMegabyteWaits() throws IOException {
    TensorBoardLogger logger = new TensorBoardLogger(Optional.empty(), CLOCK);
    logger.start(new TrainingStart(run, HYPER_PARAMETERS, 0));
    Path file = EventFiles.list(run.resolve(TensorBoardLogger.DIRECTORY)).get(0);
    long before = Files.size(file);

    for (int step = 1; step <= 20_000; step++) {
      logger.logScalars(step, scalars("a/rather/long/tag/for/this/test", step));
    }

    assertTrue(Files.size(file) - before >= 1 << 20, "at least a megabyte written without a flush");
  }

  @Test
  void aResumedRunAddsAFileThatRestartsTheSessionAfterTheCheckpoint() throws IOException {
    TensorBoardLogger logger = new TensorBoardLogger(Optional.empty(), CLOCK);
    logger.start(new TrainingStart(run, HYPER_PARAMETERS, 0));
    logger.logScalars(30, scalars("step/loss", 1.0));
    logger.flush(); // killed here: no close

    logger.start(new TrainingStart(run, HYPER_PARAMETERS, 20));

    List<Path> files = EventFiles.list(run.resolve(TensorBoardLogger.DIRECTORY));
    assertEquals(2, files.size(), "the earlier file is kept");
    assertEquals(files.get(0).getFileName() + ".1", files.get(1).getFileName().toString(),
        "same second and host: a suffix that sorts after the earlier file");
    assertEquals(3, EventFiles.read(files.get(0)).size());
    List<Event> resumed = EventFiles.read(files.get(1));
    assertEquals("brain.Event:2", resumed.get(0).getFileVersion());
    assertEquals(SessionLog.SessionStatus.START, resumed.get(1).getSessionLog().getStatus());
    assertEquals(21, resumed.get(1).getStep(), "drops what the killed run logged after step 20, not step 20");
    assertEquals(20, resumed.get(2).getStep());
    assertTrue(EventFiles.hparams(resumed.get(2)).hasSessionStartInfo());
  }

  @Test
  void aNewRunReplacesTheEventFilesOfAnEarlierOne() throws IOException {
    Path directory = run.resolve(TensorBoardLogger.DIRECTORY);
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(EventFile.PREFIX + "1.old"), "earlier run");
    Files.writeString(directory.resolve("notes.txt"), "not an event file");

    new TensorBoardLogger(Optional.empty(), CLOCK).start(new TrainingStart(run, HYPER_PARAMETERS, 0));

    List<Path> files = EventFiles.list(directory);
    assertEquals(1, files.size());
    assertTrue(files.get(0).getFileName().toString().startsWith(EventFile.PREFIX + "1700000000."));
    assertTrue(Files.exists(directory.resolve("notes.txt")));
  }

  @Test
  void writesIntoADirectoryOfItsChoice() throws IOException {
    Path elsewhere = run.resolve("board/run-1");
    TensorBoardLogger logger = new TensorBoardLogger(elsewhere);

    logger.start(new TrainingStart(run, HYPER_PARAMETERS, 0));
    logger.close();

    assertEquals(elsewhere, logger.directoryFor(run));
    assertEquals(1, EventFiles.list(elsewhere).size());
    assertTrue(Files.notExists(run.resolve(TensorBoardLogger.DIRECTORY)));
  }

  @Test
  void logsNothingOutsideAStartedFitAndClosesOnlyOnce() throws IOException {
    TensorBoardLogger logger = new TensorBoardLogger(Optional.empty(), CLOCK);
    logger.close(); // before a start: nothing to end

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> logger.logScalars(1, Map.of()));
    assertTrue(e.getMessage().contains("not started: call start(...) first"), e.getMessage());
    logger.start(new TrainingStart(run, HYPER_PARAMETERS, 0));
    logger.close();
    logger.close();
    assertThrows(IllegalStateException.class, logger::flush);
    assertEquals(3, EventFiles.read(EventFiles.list(run.resolve(TensorBoardLogger.DIRECTORY)).get(0)).size(),
        "one session end");
  }

  @Test
  void saysWhichDirectoryItCannotCreate() throws IOException {
    Path notADirectory = Files.writeString(run.resolve("file"), "x");
    TensorBoardLogger logger = new TensorBoardLogger(Optional.empty(), CLOCK);

    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> logger.start(new TrainingStart(notADirectory, HYPER_PARAMETERS, 0)));
    assertTrue(e.getMessage().contains("Cannot create the TensorBoard directory " + notADirectory),
        e.getMessage());
  }

  private static Map<String, Double> scalars(Object... tagsAndValues) {
    Map<String, Double> scalars = new LinkedHashMap<>();
    for (int i = 0; i < tagsAndValues.length; i += 2) {
      scalars.put((String) tagsAndValues[i], ((Number) tagsAndValues[i + 1]).doubleValue());
    }
    return scalars;
  }
}
