package dev.ortrain.cli.sweep;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results as files: {@value SweepFolder#RESULTS_CSV} (every value at full precision, for other tools),
 * {@value SweepFolder#RESULTS_MARKDOWN} (rounded, with the best configuration named) and
 * {@value SweepFolder#BEST} (the best configuration's settings, ready to train with).
 */
public final class ResultsTables {
  private final SweepResults results;

  public ResultsTables(SweepResults results) {
    this.results = results;
  }

  private List<String> keys() {
    return results.definition().sweptSettings().stream().map(SweptSetting::key).toList();
  }

  private String metric() {
    return results.definition().metric();
  }

  public String csv() {
    List<String> header = new ArrayList<>(List.of("configuration"));
    header.addAll(keys());
    header.addAll(List.of("seeds", "last_" + metric() + "_mean", "last_" + metric() + "_std",
        "best_" + metric() + "_mean", "best_" + metric() + "_std", "status"));
    StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
    for (ConfigurationResult row : results.rows()) {
      List<String> cells = new ArrayList<>(List.of(row.configuration().name()));
      keys().forEach(key -> cells.add(row.configuration().values().get(key)));
      cells.addAll(List.of(Integer.toString(row.seedsFinished()), Double.toString(row.last().mean()),
          Double.toString(row.last().std()), Double.toString(row.best().mean()), Double.toString(row.best().std()),
          row.status().label()));
      csv.append(String.join(",", cells)).append('\n');
    }
    return csv.toString();
  }

  public String markdown() {
    List<String> header = new ArrayList<>(List.of("configuration"));
    header.addAll(keys());
    header.addAll(List.of("seeds", "last " + metric(), "best " + metric(), "status"));
    StringBuilder md = new StringBuilder("| " + String.join(" | ", header) + " |\n|"
        + "---|".repeat(header.size()) + "\n");
    for (ConfigurationResult row : results.rows()) {
      List<String> cells = new ArrayList<>(List.of(row.configuration().name()));
      keys().forEach(key -> cells.add(row.configuration().values().get(key)));
      cells.addAll(List.of(row.seedsFinished() + "/" + results.definition().seeds().size(), spread(row.last()),
          spread(row.best()), row.status().label() + (row.note().isEmpty() ? "" : " (" + row.note() + ")")));
      md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    md.append('\n').append(results.best().map(best -> "Best: " + best.configuration().name() + " ("
        + best.configuration().describe() + "), best " + metric() + " " + spread(best.best()) + " over "
        + best.seedsFinished() + " seed(s).").orElse("Best: none yet (no configuration has completed every seed)."))
        .append('\n');
    return md.toString();
  }

  private static String spread(Spread spread) {
    return String.format(Locale.ROOT, "%.4f ± %.4f", spread.mean(), spread.std());
  }

  /** The best configuration, or an empty object while none has completed. */
  public String bestJson() {
    JsonObject json = new JsonObject();
    results.best().ifPresent(best -> {
      json.addProperty("configuration", best.configuration().name());
      JsonObject settings = new JsonObject();
      best.configuration().values().forEach(settings::addProperty);
      json.add("settings", settings);
      json.addProperty("metric", metric());
      json.addProperty("bestMean", best.best().mean());
      json.addProperty("bestStd", best.best().std());
      json.addProperty("lastMean", best.last().mean());
      json.addProperty("lastStd", best.last().std());
      json.addProperty("seeds", best.seedsFinished());
    });
    return SweepFolder.json(json);
  }

  public void write(SweepFolder folder) {
    AtomicText.write(folder.resultsCsv(), csv());
    AtomicText.write(folder.resultsMarkdown(), markdown());
    AtomicText.write(folder.best(), bestJson());
  }
}
