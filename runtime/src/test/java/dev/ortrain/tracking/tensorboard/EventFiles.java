package dev.ortrain.tracking.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ortrain.tracking.tensorboard.proto.Event;
import dev.ortrain.tracking.tensorboard.proto.HParamsPluginData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads event files back for tests, checking each record's framing and checksums. */
final class EventFiles {
  private EventFiles() {}

  static List<Event> read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.hasRemaining()) {
      byte[] length = new byte[8];
      in.get(length);
      assertEquals(TfRecord.maskedCrc32c(length), in.getInt(), "length checksum");
      byte[] data = new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      in.get(data);
      assertEquals(TfRecord.maskedCrc32c(data), in.getInt(), "data checksum");
      events.add(Event.parseFrom(data));
    }
    return events;
  }

  /** The event files of a directory, in the order TensorBoard reads them (by name). */
  static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith(EventFile.PREFIX)).sorted().toList();
    }
  }

  static HParamsPluginData hparams(Event event) throws InvalidProtocolBufferException {
    assertEquals(HParamsPlugin.PLUGIN_NAME, event.getSummary().getValue(0).getMetadata().getPluginData()
        .getPluginName());
    return HParamsPluginData.parseFrom(event.getSummary().getValue(0).getMetadata().getPluginData().getContent());
  }
}
