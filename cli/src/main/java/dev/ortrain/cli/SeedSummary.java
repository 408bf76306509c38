package dev.ortrain.cli;

import dev.ortrain.loop.FitResult;
import dev.ortrain.rules.MetricNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a result varies over seeds, as papers report it: for each metric, its final value and its best value
 * over the epochs (the lowest of a loss or error, the highest of anything else), each as mean, sample
 * standard deviation, minimum and maximum over the seeds.
 */
final class SeedSummary {
  static final String CSV = "seeds-summary.csv";
  static final String MARKDOWN = "seeds-summary.md";

  /** One row: a metric's final or best value over the seeds. */
  record Row(String metric, String which, double mean, double std, double min, double max) {}

  private final List<Long> seeds;
  private final List<Row> rows;

  private SeedSummary(List<Long> seeds, List<Row> rows) {
    this.seeds = seeds;
    this.rows = rows;
  }

  static SeedSummary of(List<SeedRun> runs) {
    List<Long> seeds = runs.stream().map(SeedRun::seed).toList();
    Map<String, List<Double>> finals = new LinkedHashMap<>();
    Map<String, List<Double>> bests = new LinkedHashMap<>();
    for (SeedRun run : runs) {
      run.result().finalMetrics().forEach((metric, value) -> {
        if (!metric.equals("lr") && !metric.equals("epoch")) {
          finals.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
          bests.computeIfAbsent(metric, k -> new ArrayList<>()).add(best(metric, run.result()));
        }
      });
    }
    List<Row> rows = new ArrayList<>();
    finals.forEach((metric, values) -> {
      rows.add(row(metric, "final", values));
      rows.add(row(metric, "best", bests.get(metric)));
    });
    return new SeedSummary(seeds, rows);
  }

  private static double best(String metric, FitResult result) {
    boolean lower = MetricNaming.lowerIsBetter(metric);
    double best = lower ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (Map<String, Double> epoch : result.history()) {
      Double v = epoch.get(metric);
      if (v != null && !Double.isNaN(v)) {
        best = lower ? Math.min(best, v) : Math.max(best, v);
      }
    }
    return Double.isInfinite(best) ? Double.NaN : best;
  }

  private static Row row(String metric, String which, List<Double> values) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    double std = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0;
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return new Row(metric, which, mean, std, min, max);
  }

  List<Row> rows() {
    return rows;
  }

  String csv() {
    StringBuilder b = new StringBuilder("metric,value,mean,std,min,max,seeds\n");
    String seedList = String.join(" ", seeds.stream().map(String::valueOf).toList());
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s%n", r.metric(), r.which(), r.mean(), r.std(),
          r.min(), r.max(), seedList));
    }
    return b.toString();
  }

  String markdown() {
    StringBuilder b = new StringBuilder("Over " + seeds.size() + " seeds (" + String.join(", ",
        seeds.stream().map(String::valueOf).toList()) + "), sample standard deviation:\n\n"
        + "| metric | value | mean ± std | min | max |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %.4f ± %.4f | %.4f | %.4f |%n", r.metric(), r.which(),
          r.mean(), r.std(), r.min(), r.max()));
    }
    return b.toString();
  }

  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(CSV), csv(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the seeds' summary in " + dir + ": " + e.getMessage(), e);
    }
  }
}
