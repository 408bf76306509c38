package dev.ortrain.cli;

import dev.ortrain.loop.FitResult;
import dev.ortrain.rules.MetricNaming;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The lines printed when a run ends: how far it went, the best and last value of each metric, and its files. */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintWriter out, String experiment, FitResult result, Duration wallTime, RunFolder folder) {
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
    out.println("  " + RunFolder.CONFIG + ", metrics.csv, metrics.jsonl, " + RunFolder.CHECKPOINTS + "/, "
        + RunFolder.MODEL + ", " + RunFolder.PLOT);
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
