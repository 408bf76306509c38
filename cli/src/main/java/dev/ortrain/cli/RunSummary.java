package dev.ortrain.cli;

import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.loop.FitResult;
import dev.ortrain.recording.Record;
import dev.ortrain.recording.Recording;
import dev.ortrain.recording.RunRecorder;
import dev.ortrain.rules.MetricNaming;
import dev.ortrain.tracking.tensorboard.TensorBoardLogger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The lines printed when a run ends: how far it went, the best and last value of each metric, and its files. */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintWriter out, String experiment, FitResult result, Duration wallTime, RunFolder folder,
      Recording recording) {
    out.printf(Locale.ROOT, "%s: %d epoch(s), %d steps, %s, wall time %.1f s%n", experiment,
        result.epochsCompleted(), result.globalSteps(), result.stopReason(), wallTime.toMillis() / 1000.0);
    List<Map<String, Double>> history = result.history();
    if (!history.isEmpty()) {
      Map<String, Double> last = history.get(history.size() - 1);
      for (String metric : last.keySet()) {
        if (metric.equals("epoch") || metric.equals("lr")) {
          continue;
        }
        Best best = best(history, metric);
        out.printf(Locale.ROOT, "  %-22s last %.4f   best %.4f (epoch %d)%n", metric, last.get(metric), best.value(),
            best.epoch());
      }
    }
    out.println("Run folder: " + folder.dir().toAbsolutePath());
    out.println("  " + String.join(", ", files(recording)));
    if (recording.has(Record.TENSORBOARD)) {
      out.println("TensorBoard: tensorboard --logdir " + folder.dir().resolve(TensorBoardLogger.DIRECTORY)
          .toAbsolutePath());
    }
  }

  /** What the run left in its folder, in the order a reader looks for it. */
  private static List<String> files(Recording recording) {
    List<String> files = new ArrayList<>();
    if (recording.has(Record.CONFIG)) {
      files.add(RunFolder.CONFIG);
    }
    if (recording.has(Record.METRICS)) {
      files.add(MetricsFile.CSV);
      files.add(MetricsFile.JSONL);
    }
    files.add(RunFolder.CHECKPOINTS + "/");
    if (recording.has(Record.MODEL)) {
      files.add(RunRecorder.MODEL_FILE);
    }
    if (recording.has(Record.CURVES)) {
      files.add(RunFolder.PLOT);
    }
    return files;
  }

  private record Best(double value, int epoch) {}

  /** Lowest for losses and errors, highest otherwise (the runtime's own rule). */
  private static Best best(List<Map<String, Double>> history, String metric) {
    boolean lower = MetricNaming.lowerIsBetter(metric);
    Best best = null;
    for (int i = 0; i < history.size(); i++) {
      Double value = history.get(i).get(metric);
      if (value == null || !Double.isFinite(value)) {
        continue;
      }
      int epoch = history.get(i).getOrDefault("epoch", (double) (i + 1)).intValue();
      if (best == null || (lower ? value < best.value() : value > best.value())) {
        best = new Best(value, epoch);
      }
    }
    return best != null ? best : new Best(Double.NaN, 0);
  }
}
