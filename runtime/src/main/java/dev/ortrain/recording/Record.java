package dev.ortrain.recording;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One thing a run records in its folder or on the console; each can be switched off. */
public enum Record {
  /** Progress (a bar on a terminal, plain lines elsewhere) and a line per epoch. */
  CONSOLE("console"),
  /** {@code metrics.csv} and {@code metrics.jsonl}: every epoch's metrics. */
  METRICS("metrics"),
  /** {@code config.json}: every setting, the versions of ortrain, ONNX Runtime and Java, the data's identity. */
  CONFIG("config"),
  /** {@code curves.png}: training and validation curves, at the end. */
  CURVES("curves"),
  /** {@code model.onnx}: the trained model for inference, at the end. */
  MODEL("model"),
  /** TensorBoard event files in {@code tensorboard/}. */
  TENSORBOARD("tensorboard");

  private final String key;

  Record(String key) {
    this.key = key;
  }

  /** How a command line names it. */
  public String key() {
    return key;
  }

  /** By {@link #key()}, ignoring case. */
  public static Optional<Record> byKey(String key) {
    return Arrays.stream(values()).filter(r -> r.key.equals(key.trim().toLowerCase(Locale.ROOT))).findFirst();
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(Record::key).toList();
  }
}
