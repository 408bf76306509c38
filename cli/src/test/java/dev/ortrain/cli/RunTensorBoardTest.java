package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.tracking.tensorboard.TensorBoardLogger;
import dev.ortrain.tracking.tensorboard.proto.Event;
import dev.ortrain.tracking.tensorboard.proto.HParamsPluginData;
import dev.ortrain.tracking.tensorboard.proto.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} writes TensorBoard event files into the run folder unless told not to. */
class RunTensorBoardTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aRunWritesItsScalarsAndHyperParametersForTensorBoardAndSaysWhere() throws IOException {
    Path run = dir.resolve("tiny");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--out", run.toString()), err.toString());

    Path board = run.resolve(TensorBoardLogger.DIRECTORY);
    List<Path> files;
    try (Stream<Path> listing = Files.list(board)) {
      files = listing.toList();
    }
    assertEquals(1, files.size(), files.toString());
    assertTrue(files.get(0).getFileName().toString().startsWith("events.out.tfevents."), files.toString());
    List<Event> events = read(files.get(0));
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    Set<String> tags = new HashSet<>();
    String experiment = null;
    for (Event event : events) {
      for (Summary.Value value : event.getSummary().getValueList()) {
        tags.add(value.getTag());
        if (value.getTag().equals("_hparams_/session_start_info")) {
          experiment = HParamsPluginData.parseFrom(value.getMetadata().getPluginData().getContent())
              .getSessionStartInfo().getHparamsOrThrow("experiment").getStringValue();
        }
      }
    }
    assertTrue(tags.containsAll(Set.of("step/loss", "step/lr", "epoch/train_loss", "epoch/val_accuracy")),
        tags.toString());
    assertEquals("dev.ortrain.cli.TinyExperiment", experiment);
    assertTrue(out.toString().contains("TensorBoard: tensorboard --logdir " + board.toAbsolutePath()), out.toString());
  }

  @Test
  void noTensorBoardWritesNone() {
    Path run = dir.resolve("quiet");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--no-record", "tensorboard", "--out",
        run.toString()), err.toString());

    assertFalse(Files.exists(run.resolve(TensorBoardLogger.DIRECTORY)));
    assertFalse(out.toString().contains("TensorBoard:"), out.toString());
  }

  private int execute(String... args) {
    return Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The events of a file; the framing's checksums are the runtime's tests' concern. */
  private static List<Event> read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.hasRemaining()) {
      byte[] data = new byte[(int) in.getLong()];
      in.getInt();
      in.get(data);
      in.getInt();
      events.add(Event.parseFrom(data));
    }
    return events;
  }
}
