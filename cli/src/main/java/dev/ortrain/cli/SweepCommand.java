package dev.ortrain.cli;

import dev.ortrain.cli.cluster.ClusterBackend;
import dev.ortrain.cli.cluster.ClusterMaster;
import dev.ortrain.cli.sweep.GridAxis;
import dev.ortrain.cli.sweep.LocalTrialEngine;
import dev.ortrain.cli.sweep.PruneRule;
import dev.ortrain.cli.sweep.RandomAxis;
import dev.ortrain.cli.sweep.ResultsTables;
import dev.ortrain.cli.sweep.SeedList;
import dev.ortrain.cli.sweep.Sweep;
import dev.ortrain.cli.sweep.SweepDefinition;
import dev.ortrain.cli.sweep.SweepFolder;
import dev.ortrain.cli.sweep.SweepInputException;
import dev.ortrain.cli.sweep.SweepResults;
import dev.ortrain.cli.sweep.ThreadBudget;
import dev.ortrain.cli.sweep.TrialEngine;
import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.rules.MetricNaming;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sweep}: grid and random search over the settings {@code --set} accepts, each configuration over seeds,
 * trials in parallel on this machine, into a folder that a re-run of the same command resumes.
 */
@Command(name = "sweep", description = {"Grid and random search over configuration settings.",
    "Configurations: every --grid point with each of the --trials random draws; each runs once per seed.",
    "Re-running the same command resumes the sweep: finished trials are kept, unfinished ones resume from their"
        + " checkpoints."})
final class SweepCommand implements Callable<Integer> {
  @ParentCommand Cli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "EXPERIMENT", description = "Experiment name, as `list` shows it.")
  String experiment;

  @Option(names = "--grid", paramLabel = "KEY=A,B,...", description = "Try each value (repeatable; grids multiply).")
  List<String> grid = new ArrayList<>();

  @Option(names = "--random", paramLabel = "KEY=DISTRIBUTION", description = "Draw the value per random"
      + " configuration (repeatable): uniform:LOW:HIGH, loguniform:LOW:HIGH, int:LOW:HIGH or choice:A,B,...")
  List<String> random = new ArrayList<>();

  @Option(names = "--trials", paramLabel = "N", description = "Random configurations to draw (with --random).")
  int trials;

  @Option(names = "--sweep-seed", paramLabel = "S", defaultValue = "0", description = "Seed of the random draws"
      + " (default: ${DEFAULT-VALUE}); the same seed draws the same configurations.")
  long sweepSeed;

  @Option(names = "--seeds", paramLabel = "K|A,B,...", description = "Seeds per configuration: a count K (seeds"
      + " 1..K) or a list (default: the configured seed).")
  String seeds;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting every trial trains with (repeatable),"
      + " as for run.")
  List<String> settings = new ArrayList<>();

  @Option(names = "--metric", paramLabel = "NAME", description = "Metric to compare by (default: val_loss, or"
      + " train_loss without validation data).")
  String metric;

  @Option(names = "--prune", paramLabel = "none|median", defaultValue = "none", description = "Stop bad trials:"
      + " median stops a trial whose metric at an epoch is worse than the median of completed trials there"
      + " (default: ${DEFAULT-VALUE}).")
  PruneRule prune;

  @Option(names = "--parallel", paramLabel = "N", description = "Trials at once (default: as many as the cores"
      + " allow); trials x threads per trial must not exceed the cores.")
  Integer parallel;

  @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (default: <experiment's run"
      + " directory>/sweep).")
  Path out;

  @Mixin RecordOption records = new RecordOption();

  @Option(names = "--start-over", description = "Delete the sweep already in the folder and start this one.")
  boolean startOver;

  @Option(names = "--spark", paramLabel = "MASTER", description = "Run the trials on Apache Spark at MASTER"
      + " (local[4], spark://host:7077, yarn, ...), one trial per task, retried by Spark from its checkpoints; needs"
      + " ortrain-spark on the class path, and --out on a file system every executor reaches at the same path.")
  String spark;

  @Override
  public Integer call() {
    if (spark == null) {
      return sweepWith(LocalTrialEngine::new);
    }
    ClusterMaster master = ClusterBackends.master(spark);
    ClusterBackend backend = ClusterBackends.spark();
    if (parallel != null) {
      throw new CliException("--parallel sets the trials at once on this machine; on Spark the executors' cores"
          + " decide: drop --parallel");
    }
    if (prune != PruneRule.NONE) {
      throw new CliException("--prune " + prune.name().toLowerCase(java.util.Locale.ROOT) + " stops trials"
          + " while they train, but a trial on Spark reports its epochs when its task ends: drop --prune, or"
          + " --spark to sweep on this machine");
    }
    return sweep((fixed, recipe) -> {
      int threads = threadsOf(fixed).orElse(1); // one core per task, as Spark schedules them by default
      return new EngineChoice(backend.trialEngine(master, recipe.withThreads(threads)), threads,
          "on Spark at " + master.url() + ", one trial per task");
    });
  }

  /** Runs the sweep with the engine made for the number of parallel trials. */
  int sweepWith(IntFunction<TrialEngine> engines) {
    return sweep((fixed, recipe) -> {
      ThreadBudget budget = ThreadBudget.of(Runtime.getRuntime().availableProcessors(),
          parallel == null ? OptionalInt.empty() : OptionalInt.of(parallel), threadsOf(fixed));
      return new EngineChoice(engines.apply(budget.parallel()), budget.threadsPerTrial(),
          budget.parallel() + " trial(s) at a time");
    });
  }

  /** The engine that runs the trials, the threads each trial trains with, and how the console describes it. */
  private record EngineChoice(TrialEngine engine, int threadsPerTrial, String description) {}

  /** Chooses the engine for the fixed settings and the trials' recipe (whose threads are not yet set). */
  @FunctionalInterface
  private interface EngineChooser {
    EngineChoice choose(ConfigOverrides fixed, TrialRecipe recipe);
  }

  private int sweep(EngineChooser chooser) {
    PrintWriter console = spec.commandLine().getOut();
    try {
      ConfigOverrides fixed = ConfigOverrides.parse(settings);
      RegisteredExperiment registered = cli.catalog().find(experiment);
      SweepFolder folder = new SweepFolder(out != null ? out : registered.defaultRunDirectory().resolve("sweep"));
      EngineChoice choice = chooser.choose(fixed, new TrialRecipe(registered.className(),
          folder.dir().toAbsolutePath().toString(), 0, records.off()));
      SweepDefinition definition = definition(registered, fixed, console);
      definition.checkSettings(assignments -> ConfigOverrides.parse(assignments));
      TrialTrainer trainer = new TrialTrainer(cli.catalog(), experiment, folder, choice.threadsPerTrial(),
          records.off());
      trainer.requireValid(definition.trials());
      console.printf("%s, %d thread(s) each%n", choice.description(), choice.threadsPerTrial());
      Sweep sweep = new Sweep(definition, folder, console);
      SweepResults results = sweep.run(choice.engine(), trainer, startOver);
      console.println();
      console.print(new ResultsTables(results).markdown());
      console.println("Results: " + String.join(", ", sweep.files()));
      console.flush();
      return 0;
    } catch (SweepInputException e) {
      throw new CliException(e.getMessage());
    }
  }

  private static OptionalInt threadsOf(ConfigOverrides fixed) {
    String threads = fixed.values().get(SweepDefinition.THREADS);
    return threads == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(threads));
  }

  private SweepDefinition definition(RegisteredExperiment registered, ConfigOverrides fixed, PrintWriter console) {
    List<Long> seedList;
    List<String> fixedSettings = new ArrayList<>();
    if (seeds != null) {
      seedList = SeedList.parse(seeds);
      fixedSettings.addAll(fixed.asArguments());
    } else {
      // One seed: the configured one, which --set seed may give.
      seedList = List.of(RunSetup.resolve(cli.catalog(), experiment, settings, null, null, null, console).config()
          .seed());
      for (Map.Entry<String, String> setting : fixed.values().entrySet()) {
        if (!setting.getKey().equals(SweepDefinition.SEED)) {
          fixedSettings.add(setting.getKey() + "=" + setting.getValue());
        }
      }
    }
    String monitored = metric != null ? metric : (registered.hasValidationData() ? MetricNaming.VALIDATION_PREFIX
        : MetricNaming.TRAIN_PREFIX) + MetricNaming.LOSS;
    return new SweepDefinition(registered.className(),
        grid.stream().map(GridAxis::parse).map(axis -> axis.withKey(canonical(axis.key()))).toList(),
        random.stream().map(RandomAxis::parse).map(axis -> axis.withKey(canonical(axis.key()))).toList(), trials,
        sweepSeed, seedList, fixedSettings, monitored, prune);
  }

  /**
   * A key as {@code --set} spells it, since {@code --set} ignores case: so that each swept setting is one column,
   * one folder of plots and one entry of the stored definition, however it was typed. An unknown key is left as
   * typed, for the check to name.
   */
  private static String canonical(String key) {
    return ConfigOverrides.keys().stream().filter(known -> known.equalsIgnoreCase(key)).findFirst().orElse(key);
  }
}
