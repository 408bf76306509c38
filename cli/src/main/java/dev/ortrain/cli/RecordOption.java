package dev.ortrain.cli;

import dev.ortrain.recording.Record;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --no-record WHAT[,WHAT]}: what a run (or each trial of a sweep) leaves out of its records. */
final class RecordOption {
  @Option(names = "--no-record", split = ",", paramLabel = "WHAT", description = "Leave out some of what a run"
      + " records (repeatable or comma-separated): console, metrics, config, curves, model, tensorboard.")
  List<String> notRecorded = new ArrayList<>();

  /** The records named, or a usage error naming the closest record and all of them. */
  List<Record> off() {
    List<Record> off = new ArrayList<>();
    for (String key : notRecorded) {
      off.add(Record.byKey(key).orElseThrow(() -> new CliException("--no-record " + key + ": not something a run"
          + " records" + Suggestions.didYouMean(key, Record.keys()) + " Choose among " + String.join(", ",
          Record.keys()))));
    }
    return off;
  }
}
