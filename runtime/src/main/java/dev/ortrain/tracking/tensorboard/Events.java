package dev.ortrain.tracking.tensorboard;

import dev.ortrain.tracking.tensorboard.proto.Event;
import dev.ortrain.tracking.tensorboard.proto.SessionLog;
import dev.ortrain.tracking.tensorboard.proto.Summary;
import java.util.Map;

/** The events ortrain writes, each stamped with its wall time (seconds since the epoch) and global step. */
final class Events {
  /** The first event of every file; version 2 makes TensorBoard honour {@link #sessionStart} events. */
  static final String FILE_VERSION = "brain.Event:2";

  private Events() {}

  static Event fileVersion(double wallTime) {
    return Event.newBuilder().setWallTime(wallTime).setFileVersion(FILE_VERSION).build();
  }

  /**
   * A session (re)starting at {@code step}: TensorBoard's reader drops every event at this step or later that
   * an earlier session wrote, which is how a resumed run replaces what its killed predecessor wrote after the
   * checkpoint.
   */
  static Event sessionStart(double wallTime, long step) {
    SessionLog log = SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START).build();
    return Event.newBuilder().setWallTime(wallTime).setStep(step).setSessionLog(log).build();
  }

  /** Scalars as 32-bit floats, the precision TensorBoard stores them in. */
  static Event scalars(double wallTime, long step, Map<String, Double> scalars) {
    Summary.Builder summary = Summary.newBuilder();
    scalars.forEach((tag, value) -> summary.addValue(
        Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue())));
    return summary(wallTime, step, summary.build());
  }

  static Event summary(double wallTime, long step, Summary summary) {
    return Event.newBuilder().setWallTime(wallTime).setStep(step).setSummary(summary).build();
  }
}
