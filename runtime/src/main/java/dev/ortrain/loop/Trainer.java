package dev.ortrain.loop;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.data.DataCheck;
import dev.ortrain.data.DataIdentity;
import dev.ortrain.data.DataLoader;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.Transform;
import dev.ortrain.graph.TensorType;
import dev.ortrain.loss.Loss;
import dev.ortrain.metrics.MeanLoss;
import dev.ortrain.metrics.Metric;
import dev.ortrain.metrics.MetricCollection;
import dev.ortrain.metrics.Stage;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.ReduceOnPlateau;
import dev.ortrain.recording.Record;
import dev.ortrain.recording.Recording;
import dev.ortrain.recording.RunRecorder;
import dev.ortrain.schedule.Schedule;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import dev.ortrain.tracking.HyperParameters;
import dev.ortrain.schedule.Scheduler;
import dev.ortrain.schedule.TrainingLength;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Trains a model: epochs of shuffled mini-batches with gradient accumulation, clipping (in the artifacts),
 * NaN/Inf handling, a learning-rate schedule, periodic validation, metrics, callbacks, and checkpoints that
 * resume exactly, mid-epoch included. Drive it by hand or through a generated experiment trainer.
 *
 * <p>One optimizer step is a window of {@code accumulationSteps} micro-batches; windows restart at each epoch,
 * so the last window of an epoch may be shorter, and its gradient is the mean over the micro-batches it
 * really has. Checkpoints are only written between windows (ONNX Runtime does not save gradient buffers).
 */
public final class Trainer implements AutoCloseable {
  static final String ORT_CHECKPOINT = "model.ckpt";

  private final TrainerConfig config;
  private final Loss loss;
  private final Path runDirectory;
  private final ArtifactPaths artifacts;
  private final String fingerprint;
  private final DataLoader trainLoader;
  private final DataLoader validationLoader;
  private final DataLoader testLoader;
  private final RunState run;
  private final TrainerCheckpoints checkpoints;
  private final TrainingEpochs epochs;
  private final Evaluation evaluation;
  private final CheckpointStore store;
  private final Consumer<String> log;
  private final RunDirectoryLock lock;
  private final DevelopmentOptions development;
  private final Recording recording;
  private final ThrowawayDirectory throwaway;

  private Trainer(Builder b, Path runDirectory, RunDirectoryLock lock, ThrowawayDirectory throwaway) {
    this.lock = lock;
    this.throwaway = throwaway;
    this.config = Objects.requireNonNull(b.config, "config");
    this.loss = Objects.requireNonNull(b.loss, "loss: call Builder.loss(...)");
    Objects.requireNonNull(b.model, "model: call Builder.model(...)");
    Objects.requireNonNull(b.trainData, "train data: call Builder.trainData(...)");
    this.runDirectory = runDirectory;
    this.log = b.log;
    this.development = b.development;
    ArtifactBuilder artifactBuilder = ArtifactBuilder.forModel(b.model).loss(loss).optimizer(config.optimizer());
    config.clipGradNorm().ifPresent(artifactBuilder::clipGradNorm);
    this.artifacts = artifactBuilder.build().writeTo(runDirectory.resolve("artifacts"));
    this.fingerprint = config.fingerprint() + ";loss=" + loss.describe() + ";model=" + sha256(artifacts.trainingModel())
        + ";train_data=" + DataIdentity.of(b.trainData)
        + ";validation_data=" + (b.validationData == null ? "none" : DataIdentity.of(b.validationData))
        + ";development=" + development.trainedBatches() + ";ortrain=" + OrtrainVersion.current();
    this.store = new CheckpointStore(runDirectory.resolve(ResumeTarget.CHECKPOINTS));
    store.discardIncomplete();

    checkData("training data", b.trainData, b.model);
    checkData("validation data", b.validationData, b.model);
    checkData("test data", b.testData, b.model);
    Dataset trainData = development.trainData(b.trainData, config.batchSize());
    Dataset validationData = development.validationData(b.validationData, trainData);
    this.trainLoader = loader(trainData, b.trainTransforms, development.shuffle(config.shuffle()), config.dropLast());
    this.validationLoader = validationData == null ? null : loader(validationData, List.of(), false, false);
    this.testLoader = b.testData == null ? null : loader(b.testData, List.of(), false, false);
    if (trainLoader.batchesPerEpoch() == 0) {
      throw new IllegalArgumentException("The training data yields no batch");
    }
    if (config.accumulationSteps() > trainLoader.batchesPerEpoch()) {
      // Windows restart at each epoch, so every epoch would make a single optimizer step.
      throw new IllegalArgumentException("accumulationSteps = " + config.accumulationSteps() + " is more than the "
          + trainLoader.batchesPerEpoch() + " batches of an epoch (" + b.trainData.size() + " samples in batches of "
          + config.batchSize() + "): each epoch would make one optimizer step. Set accumulationSteps to at most "
          + trainLoader.batchesPerEpoch() + ", or use a smaller batch size.");
    }
    Scheduler scheduler = b.plateau != null
        ? Scheduler.start(b.plateau, config.learningRate())
        : Scheduler.start(b.schedule, b.scheduleUnit, config.learningRate());
    // The configured length, also under development limits: they run a part of the configured schedule.
    int windowsPerEpoch = new AccumulationWindows(config.accumulationSteps(), trainLoader.batchesPerEpoch()).perEpoch();
    scheduler.requireFits(new TrainingLength(config.epochs(), windowsPerEpoch));
    TrainBatches trainBatches = new TrainBatches(trainLoader, development.trainBatches(trainLoader.batchesPerEpoch()));
    List<Callback> callbacks = new ArrayList<>(b.callbacks);
    this.recording = b.recording;
    String title = title(recording, runDirectory);
    callbacks.addAll(RunRecorder.callbacks(recording, title,
        () -> RunDescription.of(b.settings, config, b.trainData, b.validationData, b.testData),
        HyperParameters.of(config).with("experiment", title)));
    callbacks.sort(Comparator.comparingInt(Callback::order)); // stable: ties keep registration order
    MonitoredMetrics.require(callbacks, b.plateau, validationLoader != null, b.metrics);
    requireUniqueStateKeys(callbacks);

    TrainingSession session = openSession(artifacts);
    Function<Path, TrainingSession> sessionFromCheckpoint = file -> openSession(artifacts.withCheckpoint(file));
    this.run = new RunState(session, scheduler, callbacks, development.epochs(config.epochs()), trainBatches.perEpoch(),
        runDirectory, store, sessionFromCheckpoint);
    Map<String, TensorType> inputs = new LinkedHashMap<>();
    for (String name : session.dataInputNames()) {
      inputs.put(name, session.inputType(name).orElseThrow());
    }
    trainLoader.requireCompatibleWith(inputs);
    if (validationLoader != null) {
      validationLoader.requireCompatibleWith(inputs);
    }
    if (testLoader != null) {
      testLoader.requireCompatibleWith(inputs);
    }
    this.evaluation = new Evaluation(run, b.metrics);
    MetricCollection trainMetrics = MetricCollection.of(Stage.TRAIN, withLoss(b.metrics));
    AccumulationWindows windows = new AccumulationWindows(config.accumulationSteps(), trainBatches.perEpoch());
    this.checkpoints = new TrainerCheckpoints(run, trainMetrics, windows, trainBatches, config, windowsPerEpoch,
        b.scheduleOnExtension, fingerprint, store, sessionFromCheckpoint, log);
    run.attach(checkpoints);
    this.epochs = new TrainingEpochs(run, trainBatches, trainMetrics,
        new OptimizerSteps(run, trainBatches, windows, trainMetrics, config, this::validateDuringFit, checkpoints, log),
        new EpochEnd(run, trainMetrics, config, development, this::validateDuringFit, checkpoints));
  }

  /** The loss, always reported, then {@code metrics}. */
  static List<Metric> withLoss(List<Metric> metrics) {
    List<Metric> all = new ArrayList<>();
    all.add(new MeanLoss());
    all.addAll(metrics);
    return all;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The curves' title: the experiment the caller named, else the run folder's name. */
  private static String title(Recording recording, Path runDirectory) {
    Object experiment = recording.notes().get("experiment");
    return experiment != null ? experiment.toString() : String.valueOf(runDirectory.getFileName());
  }

  /** Refuses values nothing trains on, once, before any loader reads them (see {@link DataCheck}). */
  private void checkData(String role, Dataset data, ForwardModel model) {
    if (data == null) {
      return;
    }
    DataCheck.requireFinite(role, data);
    if (data.fieldNames().contains(Loss.TARGET)) {
      predictionType(model).flatMap(loss::classTargets).ifPresent(t -> DataCheck.requireClassIndices(role, data,
          Loss.TARGET, t.classes(), t.ignoreIndex()));
    }
  }

  private static java.util.Optional<TensorType> predictionType(ForwardModel model) {
    var graph = model.model().getGraph();
    return java.util.stream.Stream.concat(graph.getOutputList().stream(), graph.getValueInfoList().stream())
        .filter(v -> v.getName().equals(model.prediction()) && v.hasType())
        .findFirst().map(v -> TensorType.fromProto(v.getType()));
  }

  private DataLoader loader(Dataset data, List<Transform> transforms, boolean shuffle, boolean dropLast) {
    DataLoader.Builder b = DataLoader.builder(data).batchSize(config.batchSize()).shuffle(shuffle)
        .seed(config.seed()).dropLast(dropLast)
        .prefetch(config.prefetchDepth(Runtime.getRuntime().availableProcessors()));
    transforms.forEach(b::transform);
    return b.build();
  }

  private TrainingSession openSession(ArtifactPaths paths) {
    SessionConfig sessionConfig = new SessionConfig(config.device(), config.threads(), 0, config.seed());
    return TrainingSession.open(paths, sessionConfig, config.learningRate());
  }

  /** Trains from the start (or from where {@link #resume} put the run) until the last epoch or a stop. */
  public FitResult fit() {
    development.notice().ifPresent(log);
    sanityValidation();
    run.callbacks.forEach(c -> c.onTrainBegin(run));
    String reason = epochs.run();
    run.callbacks.forEach(c -> c.onTrainEnd(run));
    if (recording.has(Record.MODEL)) {
      exportInferenceModel(runDirectory.resolve(RunRecorder.MODEL_FILE));
    }
    Progress at = run.progress();
    return new FitResult(at.epoch(), at.globalStep(), reason, run.latest, run.history, at.skippedSteps());
  }

  /**
   * Puts the run back to the state saved in a checkpoint directory, or in the newest valid checkpoint of a
   * run directory; {@link #fit()} then continues it.
   */
  public FitResult resume(Path checkpointDir) {
    restore(checkpointDir);
    return fit();
  }

  /**
   * A few validation batches before training starts ({@link DevelopmentOptions#sanityValidationBatches()}),
   * so a broken validation fails in seconds rather than after the first epoch; nothing is recorded.
   */
  private void sanityValidation() {
    int batches = development.sanityBatches();
    if (validationLoader == null || batches == 0) {
      return;
    }
    try {
      evaluation.run(validationLoader, Stage.VALIDATION, batches);
    } catch (RuntimeException e) {
      throw new IllegalStateException("The sanity validation (" + batches + " validation batches before training)"
          + " failed, so validation would fail after the first epoch: " + e.getMessage() + ". Fix the validation"
          + " data or metrics; sanityValidationBatches = 0 skips this check.", e);
    }
  }

  /**
   * Restores parameters, optimizer state, position, shuffling, schedule, partial metrics and callback
   * state from a checkpoint directory of an identically configured run, or from the newest valid checkpoint
   * of a run directory (each newer damaged one is logged with the reason it was skipped). More epochs than the
   * checkpoint's run had extend it ({@link ResumedRun#lengthChange()}); a refused checkpoint changes nothing.
   */
  public ResumedRun restore(Path checkpointDir) {
    if (development.fastDevRun()) {
      throw new IllegalStateException("A fast dev run checks one batch from the start and keeps nothing; it does not"
          + " resume " + checkpointDir + ". Drop the fast dev run to resume, or the resume to check the code.");
    }
    return checkpoints.restore(ResumeTarget.checkpointOf(checkpointDir, log));
  }

  /** Runs the validation data through the eval model and returns {@code val_*} metrics. */
  public Map<String, Double> validate() {
    if (validationLoader == null) {
      throw new IllegalStateException("No validation data: call Builder.validationData(...)");
    }
    return evaluation.run(validationLoader, Stage.VALIDATION, development.evaluationBatches(0));
  }

  /** Whether the trainer was given test data, so that {@link #test()} can run. */
  public boolean hasTestData() {
    return testLoader != null;
  }

  /** Runs the test data through the eval model and returns {@code test_*} metrics. */
  public Map<String, Double> test() {
    if (testLoader == null) {
      throw new IllegalStateException("No test data: call Builder.testData(...)");
    }
    run.callbacks.forEach(c -> c.onTestBegin(run));
    Map<String, Double> results = evaluation.run(testLoader, Stage.TEST, development.evaluationBatches(0));
    run.latest.putAll(results);
    run.callbacks.forEach(c -> c.onTestEnd(run, results));
    return results;
  }

  /** The run's state, read-only except for its control methods. */
  public TrainingContext state() {
    return run;
  }

  /** Writes an ONNX model computing the prediction with the current parameters. */
  public void exportInferenceModel(Path file) {
    run.session.exportInferenceModel(file);
  }

  public Path runDirectory() {
    return runDirectory;
  }

  /** Validation as the fit loop runs it: callbacks around it, metrics recorded, plateau scheduler informed. */
  private Map<String, Double> validateDuringFit() {
    if (validationLoader == null) {
      return Map.of();
    }
    run.callbacks.forEach(c -> c.onValidationBegin(run));
    int batches = development.evaluationBatches(config.validation().batchesToRun(validationLoader.batchesPerEpoch()));
    Map<String, Double> results = evaluation.run(validationLoader, Stage.VALIDATION, batches);
    run.latest.putAll(results);
    run.applySchedule(run.scheduler.afterValidation(results));
    run.callbacks.forEach(c -> c.onValidationEnd(run, results));
    return results;
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
          .substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temporary file is harmless
    }
  }

  private static void requireUniqueStateKeys(List<Callback> callbacks) {
    Set<String> keys = new java.util.HashSet<>();
    for (Callback c : callbacks) {
      if (c.saveState().isPresent() && !keys.add(c.stateKey())) {
        throw new IllegalArgumentException("Two callbacks share the state key '" + c.stateKey()
            + "'; give each a unique stateKey() so checkpoints can tell their states apart");
      }
    }
  }

  @Override
  public void close() {
    trainLoader.close();
    if (validationLoader != null) {
      validationLoader.close();
    }
    if (testLoader != null) {
      testLoader.close();
    }
    run.close();
    lock.close();
    throwaway.delete();
  }

  /** Configures a {@link Trainer}. */
  public static final class Builder {
    private TrainerConfig config = TrainerConfig.builder().build();
    private ForwardModel model;
    private Loss loss;
    private Dataset trainData;
    private Dataset validationData;
    private Dataset testData;
    private final List<Transform> trainTransforms = new ArrayList<>();
    private Schedule schedule = Schedule.constant();
    private Interval scheduleUnit = Interval.STEP;
    private ReduceOnPlateau plateau;
    private String scheduleDeclaredBy;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private Path runDirectory = Path.of("runs", "run");
    private Consumer<String> log = message -> System.err.println("[ortrain] " + message);
    private DevelopmentOptions development = DevelopmentOptions.defaults();
    private Recording recording = Recording.nothing();
    private Optional<Settings> settings = Optional.empty();
    private ScheduleOnExtension scheduleOnExtension = ScheduleOnExtension.REFUSE;

    private Builder() {}

    public Builder config(TrainerConfig c) {
      config = Objects.requireNonNull(c);
      return this;
    }

    public Builder model(ForwardModel m) {
      model = Objects.requireNonNull(m);
      return this;
    }

    public Builder loss(Loss l) {
      loss = Objects.requireNonNull(l);
      return this;
    }

    /** Samples whose field names match the model's inputs ({@code input}) and {@code target}. */
    public Builder trainData(Dataset d) {
      trainData = Objects.requireNonNull(d);
      return this;
    }

    public Builder validationData(Dataset d) {
      validationData = d;
      return this;
    }

    public Builder testData(Dataset d) {
      testData = d;
      return this;
    }

    /** Transforms applied to training samples only (augmentation). */
    public Builder trainTransforms(Transform... t) {
      trainTransforms.addAll(List.of(t));
      return this;
    }

    /**
     * The learning-rate schedule and when it ticks.
     *
     * @throws IllegalStateException when {@link #settings} already declared one
     */
    public Builder schedule(Schedule s, Interval unit) {
      if (scheduleDeclaredBy != null) {
        throw new IllegalStateException("The schedule is computed by " + s.describe() + ", and the settings"
            + " declare one too (" + scheduleDeclaredBy + "); schedule settings apply to a declared @Schedule"
            + " only: leave them unset");
      }
      schedule = Objects.requireNonNull(s);
      scheduleUnit = Objects.requireNonNull(unit);
      plateau = null;
      return this;
    }

    /**
     * The schedule, early stopping and checkpoints that {@code settings} declare, as the generated trainers
     * read their annotations (the configuration comes from {@link ExperimentSettings#config}).
     */
    public Builder settings(Settings settings) {
      this.settings = Optional.of(settings);
      ExperimentSettings.schedule(settings).ifPresent(declared -> {
        schedule(declared, ExperimentSettings.scheduleUnit(settings));
        scheduleDeclaredBy = "schedule.type = " + settings.value(Setting.SCHEDULE_TYPE);
      });
      ExperimentSettings.plateau(settings).ifPresent(this::plateau);
      ExperimentSettings.earlyStopping(settings).ifPresent(this::callback);
      ExperimentSettings.checkpoint(settings).ifPresent(this::callback);
      return this;
    }

    public Builder plateau(ReduceOnPlateau p) {
      plateau = Objects.requireNonNull(p);
      return this;
    }

    /** Metrics reported for every split besides the loss (always reported). */
    public Builder metrics(Metric... m) {
      metrics.addAll(List.of(m));
      return this;
    }

    public Builder callback(Callback c) {
      callbacks.add(Objects.requireNonNull(c));
      return this;
    }

    /** Adds each of {@code cs}, as {@link #callback} does. */
    public Builder callbacks(List<? extends Callback> cs) {
      cs.forEach(this::callback);
      return this;
    }

    public Builder runDirectory(Path dir) {
      runDirectory = Objects.requireNonNull(dir);
      return this;
    }

    /** Development aids: a fast dev run, overfitting, a batch limit, the sanity validation. */
    public Builder development(DevelopmentOptions d) {
      development = Objects.requireNonNull(d);
      return this;
    }

    /**
     * What the run records: console progress, metrics files, {@code config.json}, curves, the model,
     * TensorBoard files (default: nothing; generated trainers record everything unless their options say
     * otherwise).
     */
    public Builder recording(Recording r) {
      recording = Objects.requireNonNull(r);
      return this;
    }

    /** What a resume with more epochs does with a schedule that would pass its end (default: refuse). */
    public Builder scheduleOnExtension(ScheduleOnExtension s) {
      scheduleOnExtension = Objects.requireNonNull(s);
      return this;
    }

    /**
     * The development aids, extension consent and recording of {@code options}; its callbacks and run directory are set
     * with {@link #callbacks} and {@link #runDirectory}.
     */
    public Builder runOptions(RunOptions options) {
      return development(options.development()).scheduleOnExtension(options.scheduleOnExtension())
          .recording(options.recording());
    }

    /** Where warnings and notices go (default: standard error). */
    public Builder log(Consumer<String> sink) {
      log = Objects.requireNonNull(sink);
      return this;
    }

    /**
     * Locks the run directory for this trainer (until {@link Trainer#close}) before anything is written
     * there, then builds it. A fast dev run works in a temporary directory instead, deleted at close.
     *
     * @throws IllegalStateException when another run holds the directory
     */
    public Trainer build() {
      Objects.requireNonNull(runDirectory, "runDirectory");
      ThrowawayDirectory throwaway = development.fastDevRun() ? ThrowawayDirectory.create("ortrain-fast-dev-run-")
          : ThrowawayDirectory.none();
      Path directory = throwaway.path().orElse(runDirectory);
      try {
        RunDirectoryLock lock = RunDirectoryLock.acquire(directory);
        try {
          return new Trainer(this, directory, lock, throwaway);
        } catch (RuntimeException | Error e) {
          lock.close();
          throw e;
        }
      } catch (RuntimeException | Error e) {
        throwaway.delete();
        throw e;
      }
    }
  }
}
