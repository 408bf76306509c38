package dev.ortrain.cli;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.cli.cluster.ClusterBackend;
import dev.ortrain.cli.cluster.ClusterMaster;
import dev.ortrain.cli.cluster.DataParallelism;
import dev.ortrain.cli.cluster.StateExchange;
import dev.ortrain.cli.sweep.SeedList;
import dev.ortrain.cli.sweep.SweepDefinition;
import dev.ortrain.cli.sweep.SweepInputException;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.NanPolicy;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.recording.Record;
import dev.ortrain.recording.Recording;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code run}: trains an experiment into one folder (configuration, metrics, checkpoints, inference model,
 * curves) and prints a summary.
 */
@Command(name = "run", description = "Train an experiment into a run folder.")
final class RunCommand implements Callable<Integer> {
  @ParentCommand Cli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "EXPERIMENT", description = "Experiment name, as `list` shows it.")
  String experiment;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a setting (repeatable): any @Trainer attribute by its name (epochs, learningRate,"
          + " patience, ...), any @Schedule attribute as schedule.<name> (schedule.type=COSINE,"
          + " schedule.tMax=1000). Checked by the annotation processor's rules.")
  List<String> settings = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "Settings from a YAML or JSON file, as --set"
      + " names them (@Schedule's may be nested under schedule:); --set wins over the file.")
  Path config;

  @Option(names = "--device", paramLabel = "cpu|cuda|cuda:N", description = "Device to train on.")
  String device;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: the experiment's).")
  Path out;

  @Option(names = "--resume", paramLabel = "DIR", description = "Continue from this checkpoint, or from the newest"
      + " valid checkpoint of this run folder.")
  Path resume;

  @Option(names = "--seeds", paramLabel = "K|A,B,...", description = "Run once per seed, each into <run"
      + " folder>/seed-<seed>, and summarize the final and best metrics over the seeds: a count K (seeds 1 to K) or"
      + " the seeds A,B,... (as sweep takes them).")
  String seedList;

  @Mixin RecordOption records = new RecordOption();

  @Option(names = "--test", description = "After training, evaluate the experiment's test data once and print"
      + " its metrics (they are also written to <run folder>/" + TestMetrics.FILE + ").")
  boolean test;

  @Mixin DevelopmentFlags development = new DevelopmentFlags();

  @Option(names = "--spark", paramLabel = "MASTER", description = "Train data-parallel on Apache Spark at MASTER"
      + " (local[4], spark://host:7077, yarn, ...): --workers tasks, each on its shard of the training data at the"
      + " configured batch size, averaging parameters and optimizer state every --average-every optimizer steps;"
      + " needs ortrain-spark on the class path, and --out on a file system every executor reaches at the same path.")
  String spark;

  @Option(names = "--workers", paramLabel = "N", description = "With --spark: data-parallel workers (default: 2).")
  Integer workers;

  @Option(names = "--average-every", paramLabel = "K", description = "With --spark: optimizer steps between"
      + " averagings (default: 1; the end of each epoch averages too).")
  Integer averageEvery;

  @Option(names = "--exchange", paramLabel = "barrier|run_folder|tree", description = "With --spark: how workers"
      + " share their states each round: through Spark's barrier all-gather (default); through files in the run"
      + " folder (faster where the file system shows new files to every worker at once); or tree, a Spark job per"
      + " round that tree-aggregates the states and broadcasts their mean, each worker staying open in its executor"
      + " between jobs (no barrier, so fewer task slots than workers will do).")
  StateExchange exchange;

  @Override
  public Integer call() {
    PrintWriter console = spec.commandLine().getOut();
    if (config != null) {
      List<String> fromFile = new ArrayList<>(SettingsFile.read(config));
      fromFile.addAll(settings);
      settings = fromFile;
    }
    if (spark != null) {
      runOnSpark(console);
      console.flush();
      return 0;
    }
    if (workers != null || averageEvery != null || exchange != null) {
      throw new CliException("--workers, --average-every and --exchange are for data-parallel training on Spark: add"
          + " --spark MASTER, or drop them");
    }
    List<Long> seeds = seeds();
    if (test && !cli.catalog().find(experiment).hasTestData()) {
      throw new CliException("--test: " + experiment + " declares no @TestData; add a test data provider or drop"
          + " --test");
    }
    development.requireCompatible(resume, seeds);
    if (seeds.isEmpty()) {
      runOnce(settings, out, console);
    } else {
      runEverySeed(seeds, console);
    }
    console.flush();
    return 0;
  }

  private List<Long> seeds() {
    if (seedList == null) {
      return List.of();
    }
    try {
      return SeedList.parse(seedList);
    } catch (SweepInputException e) {
      throw new CliException(e.getMessage());
    }
  }

  /**
   * One run trained data-parallel on Spark; {@code --resume} names the run folder whose newest checkpoint that all
   * workers have it resumes from.
   */
  private void runOnSpark(PrintWriter console) {
    ClusterMaster master = ClusterBackends.master(spark);
    ClusterBackend backend = ClusterBackends.spark();
    if (test || development.any()) {
      throw new CliException("--test and the development flags run on this machine: drop them, or --spark (evaluate"
          + " a run folder afterwards with `evaluate`)");
    }
    if (seedList != null) {
      runEverySeedOnSpark(master, backend, console);
      return;
    }
    List<String> workerSettings = settingsOnSpark();
    int coresPerWorker = threadsOnSpark();
    DataParallelism parallelism;
    try {
      parallelism = new DataParallelism(workers == null ? 2 : workers, averageEvery == null ? 1 : averageEvery,
          coresPerWorker, exchange == null ? StateExchange.BARRIER : exchange);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    if (resume != null && out != null && !resume.toAbsolutePath().equals(out.toAbsolutePath())) {
      throw new CliException("--resume with --spark names the run folder to go on in, and --out another one: give"
          + " one of them");
    }
    Path folderDir = resume != null ? resume : out;
    RunSetup setup = RunSetup.resolve(cli.catalog(), experiment, workerSettings, device, folderDir, null, console);
    if (setup.config().nanPolicy().action() == NanPolicy.Action.SKIP) {
      throw new CliException("nanPolicy = SKIP skips a step on the one worker whose loss or gradient is not finite,"
          + " and the other workers would wait for it at the next averaging round forever: data-parallel training"
          + " needs nanPolicy = FAIL (--set nanPolicy=FAIL), or train on this machine without --spark");
    }
    String folder = setup.folder().dir().toAbsolutePath().toString();
    console.printf("Data-parallel on Spark at %s: %d worker(s) at batch size %d, averaging every %d step(s), %d"
        + " thread(s) each%n", master.url(), parallelism.workers(), setup.config().batchSize(),
        parallelism.averageEvery(), coresPerWorker);
    long start = System.nanoTime();
    FitResult result = backend.trainDataParallel(master, new DataParallelRecipe(setup.experiment().className(),
        workerSettings, device == null ? "" : device, folder, records.off()), parallelism, resume != null);
    RunSummary.print(console, setup.experiment().name(), result, Duration.ofNanos(System.nanoTime() - start),
        setup.folder(), Recording.everything().without(records.off()));
  }

  /** Each seed's run as a Spark task, one core each; then the summary over the seeds, as on this machine. */
  private void runEverySeedOnSpark(ClusterMaster master, ClusterBackend backend, PrintWriter console) {
    if (workers != null || averageEvery != null || exchange != null || resume != null) {
      throw new CliException("--seeds on Spark trains each seed's run as one task from the start: drop --workers,"
          + " --average-every, --exchange and --resume");
    }
    List<Long> seeds = seeds();
    requireNoSeedSetting();
    Path root = out != null ? out : cli.catalog().find(experiment).defaultRunDirectory();
    int coresPerTask = threadsOnSpark();
    List<SeedRecipe> recipes = new ArrayList<>();
    for (long seed : seeds) {
      List<String> withSeed = settingsOnSpark();
      withSeed.add("seed=" + seed);
      Path dir = root.resolve("seed-" + seed);
      RunSetup.resolve(cli.catalog(), experiment, withSeed, device, dir, null, console); // refused here, not there
      recipes.add(new SeedRecipe(cli.catalog().find(experiment).className(), seed, withSeed,
          device == null ? "" : device, dir.toAbsolutePath().toString(), records.off()));
    }
    console.printf("%d seed(s) on Spark at %s, one run per task, %d thread(s) each%n", seeds.size(), master.url(),
        coresPerTask);
    List<FitResult> results = backend.runSeeds(master, recipes, coresPerTask);
    List<SeedRun> runs = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i++) {
      console.println("Seed " + seeds.get(i) + " -> " + recipes.get(i).runFolder());
      runs.add(new SeedRun(seeds.get(i), results.get(i)));
    }
    summarize(runs, root, console);
  }

  /** Each Spark task's threads: the threads setting, or one, since Spark schedules a core per task by default. */
  private int threadsOnSpark() {
    String threads = ConfigOverrides.parse(settings).values().get(SweepDefinition.THREADS);
    return threads == null ? 1 : Integer.parseInt(threads);
  }

  /** The settings, with threads set to {@link #threadsOnSpark()} unless they set it. */
  private List<String> settingsOnSpark() {
    List<String> onSpark = new ArrayList<>(settings);
    if (!ConfigOverrides.parse(settings).values().containsKey(SweepDefinition.THREADS)) {
      onSpark.add(SweepDefinition.THREADS + "=" + threadsOnSpark());
    }
    return onSpark;
  }

  private void requireNoSeedSetting() {
    if (settings.stream().anyMatch(s -> s.startsWith("seed="))) {
      throw new CliException("--seeds sets the seed of each run; leave seed out of --set");
    }
  }

  private void runEverySeed(List<Long> seeds, PrintWriter console) {
    if (resume != null) {
      throw new CliException("--seeds starts new runs; resume each seed's run folder on its own with --resume");
    }
    requireNoSeedSetting();
    Path root = out != null ? out : cli.catalog().find(experiment).defaultRunDirectory();
    List<SeedRun> runs = new ArrayList<>();
    for (long seed : seeds) {
      List<String> withSeed = new ArrayList<>(settings);
      withSeed.add("seed=" + seed);
      Path dir = root.resolve("seed-" + seed);
      console.println("Seed " + seed + " -> " + dir);
      runs.add(new SeedRun(seed, runOnce(withSeed, dir, console)));
    }
    summarize(runs, root, console);
  }

  private static void summarize(List<SeedRun> runs, Path root, PrintWriter console) {
    SeedSummary summary = SeedSummary.of(runs);
    summary.write(root);
    console.println(summary.markdown());
    console.println("Summary: " + root.resolve(SeedSummary.CSV) + ", " + root.resolve(SeedSummary.MARKDOWN));
  }

  private FitResult runOnce(List<String> overrides, Path folderDir, PrintWriter console) {
    RunSetup setup = RunSetup.resolve(cli.catalog(), experiment, overrides, device, folderDir, resume, console);
    RunFolder folder = setup.folder();
    List<Callback> callbacks = new ArrayList<>();
    if (!setup.savesCheckpoints()) {
      callbacks.add(ModelCheckpoint.everyEpoch());
    }
    long start = System.nanoTime();
    RunOptions options = setup.options(callbacks).withDevelopment(development.options())
        .withScheduleOnExtension(development.scheduleOnExtension())
        .withRecording(Recording.everything().without(records.off())
            .withNote("experiment", setup.experiment().className())
            .withNote(RunFolder.OVERRIDES, setup.overrides().values()));
    if (options.development().fastDevRun()) {
      return FastDevRun.run(setup, options, console);
    }
    try (Trainer trainer = setup.experiment().create(options)) {
      if (resume != null) {
        // a refused resume leaves the folder as it was: config.json is written when training starts
        trainer.restore(resume).lengthChange().ifPresent(change -> console.println("Resuming " + resume + ": "
            + change));
      }
      FitResult result = trainer.fit();
      RunSummary.print(console, setup.experiment().name(), result, Duration.ofNanos(System.nanoTime() - start),
          folder, options.recording());
      if (test) {
        TestMetrics.evaluate(trainer, folder, options.recording().has(Record.CONSOLE), console);
      }
      return result;
    }
  }
}
