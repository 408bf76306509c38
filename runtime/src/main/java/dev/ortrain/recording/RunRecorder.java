package dev.ortrain.recording;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ConsoleLogger;
import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.callbacks.ProgressBar;
import dev.ortrain.tracking.HyperParameters;
import dev.ortrain.tracking.TrackingCallback;
import dev.ortrain.tracking.tensorboard.TensorBoardLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The callbacks that record a run as its {@link Recording} asks ({@link Record#MODEL} is the trainer's own). */
public final class RunRecorder {
  /** The trained model for inference, written when training ends. */
  public static final String MODEL_FILE = "model.onnx";

  private RunRecorder() {}

  /**
   * @param title names the run on the curves (the experiment, else the run folder)
   * @param description the run's {@code config.json} entries, read when training starts
   * @param hyperParameters what TensorBoard's HParams dashboard compares runs by
   */
  public static List<Callback> callbacks(Recording recording, String title,
      Supplier<Map<String, Object>> description, HyperParameters hyperParameters) {
    List<Callback> callbacks = new ArrayList<>();
    if (recording.has(Record.CONSOLE)) {
      callbacks.add(new ConsoleLogger(ConsoleLogger.Level.EPOCH));
      callbacks.add(new ProgressBar());
    }
    if (recording.has(Record.METRICS)) {
      callbacks.add(new MetricsFile());
    }
    if (recording.has(Record.CONFIG)) {
      callbacks.add(new ConfigRecord(recording.notes(), description));
    }
    if (recording.has(Record.CURVES)) {
      callbacks.add(new CurvesRecord(title));
    }
    if (recording.has(Record.TENSORBOARD)) {
      callbacks.add(new TrackingCallback(new TensorBoardLogger(), hyperParameters));
    }
    return callbacks;
  }
}
