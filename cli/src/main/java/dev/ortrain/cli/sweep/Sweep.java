package dev.ortrain.cli.sweep;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a sweep into its folder: claims the folder for the definition (refusing another one), keeps the trials that
 * finished in earlier runs, has the engine run the others (each resumes from its own checkpoints), and writes the
 * results tables as trials finish and the plots at the end.
 */
public final class Sweep {
  private final SweepDefinition definition;
  private final SweepFolder folder;
  private final PrintWriter console;

  public Sweep(SweepDefinition definition, SweepFolder folder, PrintWriter console) {
    this.definition = definition;
    this.folder = folder;
    this.console = console;
  }

  public SweepResults run(TrialEngine engine, TrialRunner runner, boolean startOver) {
    folder.claim(definition, startOver);
    List<Trial> trials = definition.trials();
    Map<String, TrialResult> finished = new LinkedHashMap<>(folder.finishedResults(trials));
    MonitoredMetric metric = new MonitoredMetric(definition.metric());
    Pruner pruner = definition.prune().pruner(metric);
    finished.values().forEach(pruner::finished);
    List<Trial> pending = trials.stream().filter(t -> !finished.containsKey(t.id())).toList();
    console.printf(Locale.ROOT, "Sweep %s: %d configuration(s) x %d seed(s) = %d trials, %d finished earlier, %d to"
        + " run%n", folder.dir(), definition.configurations().size(), definition.seeds().size(), trials.size(),
        finished.size(), pending.size());
    console.flush();
    engine.run(pending, runner, new MetricCheck(metric, pruner), result -> {
      folder.write(result);
      finished.put(result.trial().id(), result);
      pruner.finished(result);
      new ResultsTables(SweepResults.of(definition, finished)).write(folder);
      report(result, metric);
    });
    SweepResults results = SweepResults.of(definition, finished);
    new ResultsTables(results).write(folder);
    for (SweptSetting setting : definition.sweptSettings()) {
      SweepPlot.write(results, setting, folder.plot(setting));
    }
    return results;
  }

  private void report(TrialResult result, MonitoredMetric metric) {
    String values = result.status() == TrialStatus.FAILED ? result.note()
        : String.format(Locale.ROOT, "%d epoch(s), last %s %s, best %s", result.history().size(), metric.name(),
            metric.last(result.history()).map(Sweep::number).orElse("-"),
            metric.best(result.history()).map(Sweep::number).orElse("-"));
    console.printf(Locale.ROOT, "  %s (%s): %s, %s%n", result.trial().id(), result.trial().configuration().describe(),
        result.status().name().toLowerCase(Locale.ROOT), values);
    console.flush();
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** The files the sweep wrote, for the console's last lines. */
  public List<String> files() {
    List<String> files = new ArrayList<>(List.of(folder.resultsCsv().toString(), folder.resultsMarkdown().toString(),
        folder.best().toString()));
    definition.sweptSettings().forEach(s -> files.add(folder.plot(s).toString()));
    return files;
  }
}
