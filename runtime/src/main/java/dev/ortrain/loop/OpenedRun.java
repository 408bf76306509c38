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
import dev.ortrain.metrics.MetricCollection;
import dev.ortrain.metrics.Stage;
import dev.ortrain.recording.Record;
import dev.ortrain.recording.Recording;
import dev.ortrain.recording.RunRecorder;
import dev.ortrain.schedule.Scheduler;
import dev.ortrain.schedule.TrainingLength;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import dev.ortrain.tracking.HyperParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@link Trainer} once set up: its run directory locked, the training artifacts written, the data checked,
 * the loaders built and the native session open, with the fit loop wired to them. Everything here is released
 * by {@link #close()}.
 */
final class OpenedRun implements AutoCloseable {
  private final TrainerConfig config;
  private final Loss loss;
  private final Path runDirectory;
  private final DataLoader trainLoader;
  private final DataLoader validationLoader;
  private final DataLoader testLoader;
  private final RunState run;
  private final TrainerCheckpoints checkpoints;
  private final TrainingEpochs epochs;
  private final Evaluation evaluation;
  private final Consumer<String> log;
  private final RunDirectoryLock lock;
  private final DevelopmentOptions development;
  private final Recording recording;
  private final RandomStream randomStream;
  private final ThrowawayDirectory throwaway;

  /**
   * Locks the run directory before anything is written there, then sets the run up; a fast dev run works in a
   * temporary directory instead, deleted at close. What a failed set-up locked or created is released.
   *
   * @throws IllegalStateException when another run holds the directory
   */
  static OpenedRun open(TrainerDefinition definition) {
    ThrowawayDirectory throwaway = definition.development().fastDevRun()
        ? ThrowawayDirectory.create("ortrain-fast-dev-run-") : ThrowawayDirectory.none();
    Path directory = throwaway.path().orElse(definition.runDirectory());
    try {
      RunDirectoryLock lock = RunDirectoryLock.acquire(directory);
      try {
        return new OpenedRun(definition, directory, lock, throwaway);
      } catch (RuntimeException | Error e) {
        lock.close();
        throw e;
      }
    } catch (RuntimeException | Error e) {
      throwaway.delete();
      throw e;
    }
  }

  private OpenedRun(TrainerDefinition d, Path runDirectory, RunDirectoryLock lock, ThrowawayDirectory throwaway) {
    this.lock = lock;
    this.throwaway = throwaway;
    this.config = d.config();
    this.loss = d.loss();
    this.runDirectory = runDirectory;
    this.log = d.log();
    this.development = d.development();
    this.recording = d.recording();
    ArtifactPaths artifacts = writeArtifacts(d);
    String fingerprint = fingerprint(d, artifacts);
    CheckpointStore store = new CheckpointStore(runDirectory.resolve(ResumeTarget.CHECKPOINTS));
    store.discardIncomplete();

    checkData("training data", d.trainData(), d.model());
    checkData("validation data", d.validationData(), d.model());
    checkData("test data", d.testData(), d.model());
    Dataset trainData = development.trainData(d.trainData(), config.batchSize());
    Dataset validationData = development.validationData(d.validationData(), trainData);
    this.randomStream = d.randomStream();
    this.trainLoader = loader(trainData, d.trainTransforms(), development.shuffle(config.shuffle()), config.dropLast())
        .augmentationSeed(randomStream.seedFrom(config.seed())).build();
    this.validationLoader = validationData == null ? null : evaluationLoader(validationData);
    this.testLoader = d.testData() == null ? null : evaluationLoader(d.testData());
    TrainingSession opened = null;
    try {
      requireBatches(d.trainData());
      Scheduler scheduler = d.plateau() != null
          ? Scheduler.start(d.plateau(), config.learningRate())
          : Scheduler.start(d.schedule(), d.scheduleUnit(), config.learningRate());
      // The configured length, also under development limits: they run a part of the configured schedule.
      int windowsPerEpoch = new AccumulationWindows(config.accumulationSteps(), trainLoader.batchesPerEpoch())
          .perEpoch();
      scheduler.requireFits(new TrainingLength(config.epochs(), windowsPerEpoch));
      TrainBatches trainBatches = new TrainBatches(trainLoader,
          development.trainBatches(trainLoader.batchesPerEpoch()));
      List<Callback> callbacks = callbacks(d, runDirectory);
      MonitoredMetrics.require(callbacks, d.plateau(), validationLoader != null, d.metrics());
      requireUniqueStateKeys(callbacks);

      TrainingSession session = openSession(artifacts);
      opened = session;
      Function<Path, TrainingSession> sessionFromCheckpoint = file -> openSession(artifacts.withCheckpoint(file));
      this.run = new RunState(session, scheduler, callbacks, development.epochs(config.epochs()),
          trainBatches.perEpoch(), runDirectory, store, sessionFromCheckpoint);
      requireCompatibleLoaders(session);
      this.evaluation = new Evaluation(run, d.metrics());
      MetricCollection trainMetrics = MetricCollection.of(Stage.TRAIN, Trainer.withLoss(d.metrics()));
      AccumulationWindows windows = new AccumulationWindows(config.accumulationSteps(), trainBatches.perEpoch());
      this.checkpoints = new TrainerCheckpoints(run, trainMetrics, windows, trainBatches, config, windowsPerEpoch,
          d.scheduleOnExtension(), fingerprint, store, sessionFromCheckpoint, log);
      run.attach(checkpoints);
      this.epochs = new TrainingEpochs(run, trainBatches, trainMetrics,
          new OptimizerSteps(run, trainBatches, windows, trainMetrics, config, this::validateDuringFit, checkpoints,
              log),
          new EpochEnd(run, trainMetrics, config, development, this::validateDuringFit, checkpoints));
    } catch (RuntimeException | Error e) {
      // the caller only releases the lock and the temporary directory: what was opened here is closed here
      loaders().forEach(DataLoader::close);
      if (opened != null) {
        opened.close();
      }
      throw e;
    }
  }

  private ArtifactPaths writeArtifacts(TrainerDefinition d) {
    ArtifactBuilder artifactBuilder = ArtifactBuilder.forModel(d.model()).loss(loss).optimizer(config.optimizer());
    config.clipGradNorm().ifPresent(artifactBuilder::clipGradNorm);
    return artifactBuilder.build().writeTo(runDirectory.resolve("artifacts"));
  }

  /** What a checkpoint must share with this run to resume in it, as {@code key=value;...}. */
  private String fingerprint(TrainerDefinition d, ArtifactPaths artifacts) {
    return config.fingerprint() + ";loss=" + loss.describe() + ";model=" + sha256(artifacts.trainingModel())
        + ";train_data=" + DataIdentity.of(d.trainData())
        + ";validation_data=" + (d.validationData() == null ? "none" : DataIdentity.of(d.validationData()))
        + ";development=" + development.trainedBatches() + ";ortrain=" + OrtrainVersion.current();
  }

  private void requireBatches(Dataset trainData) {
    if (trainLoader.batchesPerEpoch() == 0) {
      throw new IllegalArgumentException("The training data yields no batch");
    }
    if (config.accumulationSteps() > trainLoader.batchesPerEpoch()) {
      // Windows restart at each epoch, so every epoch would make a single optimizer step.
      throw new IllegalArgumentException("accumulationSteps = " + config.accumulationSteps() + " is more than the "
          + trainLoader.batchesPerEpoch() + " batches of an epoch (" + trainData.size() + " samples in batches of "
          + config.batchSize() + "): each epoch would make one optimizer step. Set accumulationSteps to at most "
          + trainLoader.batchesPerEpoch() + ", or use a smaller batch size.");
    }
  }

  /** The caller's callbacks and the recording's, in running order (ties keep registration order). */
  private static List<Callback> callbacks(TrainerDefinition d, Path runDirectory) {
    List<Callback> callbacks = new ArrayList<>(d.callbacks());
    String title = title(d.recording(), runDirectory);
    callbacks.addAll(RunRecorder.callbacks(d.recording(), title,
        () -> RunDescription.of(d.settings(), d.config(), d.trainData(), d.validationData(), d.testData()),
        HyperParameters.of(d.config()).with("experiment", title)));
    callbacks.sort(Comparator.comparingInt(Callback::order));
    return callbacks;
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

  private static Optional<TensorType> predictionType(ForwardModel model) {
    var graph = model.model().getGraph();
    return Stream.concat(graph.getOutputList().stream(), graph.getValueInfoList().stream())
        .filter(v -> v.getName().equals(model.prediction()) && v.hasType())
        .findFirst().map(v -> TensorType.fromProto(v.getType()));
  }

  private DataLoader.Builder loader(Dataset data, List<Transform> transforms, boolean shuffle, boolean dropLast) {
    DataLoader.Builder b = DataLoader.builder(data).batchSize(config.batchSize()).shuffle(shuffle)
        .seed(config.seed()).dropLast(dropLast)
        .prefetch(config.prefetchDepth(Runtime.getRuntime().availableProcessors()));
    transforms.forEach(b::transform);
    return b;
  }

  /** Validation and test data are evaluated as they are, even when held out of augmented training data. */
  private DataLoader evaluationLoader(Dataset data) {
    return loader(data, List.of(), false, false).augment(false).build();
  }

  private TrainingSession openSession(ArtifactPaths paths) {
    // the session's seed chooses its dropout masks, which differ from one random stream to another
    SessionConfig sessionConfig = new SessionConfig(config.device(), config.threads(), 0,
        randomStream.seedFrom(config.seed()));
    return TrainingSession.open(paths, sessionConfig, config.learningRate());
  }

  private void requireCompatibleLoaders(TrainingSession session) {
    Map<String, TensorType> inputs = new LinkedHashMap<>();
    for (String name : session.dataInputNames()) {
      inputs.put(name, session.inputType(name).orElseThrow());
    }
    for (DataLoader loader : loaders()) {
      loader.requireCompatibleWith(inputs);
    }
  }

  private List<DataLoader> loaders() {
    return Stream.of(trainLoader, validationLoader, testLoader).filter(l -> l != null).toList();
  }

  FitResult fit() {
    if (run.stopRequested()) {
      return result(run.stopReason().orElseThrow());
    }
    development.notice().ifPresent(log);
    sanityValidation();
    run.callbacks.forEach(c -> c.onTrainBegin(run));
    String reason = epochs.run();
    run.callbacks.forEach(c -> c.onTrainEnd(run));
    if (recording.has(Record.MODEL)) {
      exportInferenceModel(runDirectory.resolve(RunRecorder.MODEL_FILE));
    }
    return result(reason);
  }

  /** A stopped run stays stopped: calling {@code fit()} again must not train one more batch before it notices. */
  private FitResult result(String reason) {
    Progress at = run.progress();
    return new FitResult(at.epoch(), at.globalStep(), reason, run.latest, run.history, at.skippedSteps());
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

  ResumedRun restore(Path checkpointDir) {
    return checkpoints.restore(ResumeTarget.checkpointOf(checkpointDir, log));
  }

  Map<String, Double> validate() {
    return evaluation.run(validationLoader, Stage.VALIDATION, development.evaluationBatches(0));
  }

  Map<String, Double> test() {
    run.callbacks.forEach(c -> c.onTestBegin(run));
    Map<String, Double> results = evaluation.run(testLoader, Stage.TEST, development.evaluationBatches(0));
    run.latest.putAll(results);
    run.callbacks.forEach(c -> c.onTestEnd(run, results));
    return results;
  }

  TrainingContext state() {
    return run;
  }

  void exportInferenceModel(Path file) {
    run.session.exportInferenceModel(file);
  }

  Path runDirectory() {
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

  private static void requireUniqueStateKeys(List<Callback> callbacks) {
    Set<String> keys = new HashSet<>();
    for (Callback c : callbacks) {
      if (c.saveState().isPresent() && !keys.add(c.stateKey())) {
        throw new IllegalArgumentException("Two callbacks share the state key '" + c.stateKey()
            + "'; give each a unique stateKey() so checkpoints can tell their states apart");
      }
    }
  }

  @Override
  public void close() {
    loaders().forEach(DataLoader::close);
    run.close();
    lock.close();
    throwaway.delete();
  }
}
