package dev.ortrain.loop;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ParameterSnapshot;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.NamedTensor;
import dev.ortrain.checkpoint.OptimizerState;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.data.Batch;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.schedule.Scheduler;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The mutable state of a run, exposed to callbacks as {@link TrainingContext}: position, learning rate,
 * metrics, control requests, and the session (replaced when parameters are restored).
 */
final class RunState implements TrainingContext, AutoCloseable {
  TrainingSession session;
  TensorFeeds feeds;
  final Scheduler scheduler;
  final List<Callback> callbacks;
  private Progress progress = Progress.start();
  float learningRate;
  private double lastScheduled;
  final Map<String, Double> latest = new LinkedHashMap<>();
  final List<Map<String, Double>> history = new ArrayList<>();
  BatchOutcome lastBatch;
  private String stopReason;
  private boolean checkpointRequested;
  private boolean validationRequested;

  private final int epochs;
  private final int batchesPerEpoch;
  private final Path runDirectory;
  private final Function<Path, TrainingSession> sessionFromCheckpoint;
  private final CheckpointStore store;
  private TrainerCheckpoints checkpoints;

  RunState(TrainingSession session, Scheduler scheduler, List<Callback> callbacks, int epochs, int batchesPerEpoch,
      Path runDirectory, CheckpointStore store, Function<Path, TrainingSession> sessionFromCheckpoint) {
    this.epochs = epochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.runDirectory = runDirectory;
    this.store = store;
    this.sessionFromCheckpoint = sessionFromCheckpoint;
    this.session = session;
    this.feeds = new TensorFeeds(session);
    this.scheduler = scheduler;
    this.callbacks = List.copyOf(callbacks);
    lastScheduled = scheduler.learningRate();
    setLearningRateNow((float) lastScheduled);
  }

  Progress progress() {
    return progress;
  }

  /** Moves the run on by one of {@link Progress}'s transitions. */
  void advance(UnaryOperator<Progress> transition) {
    progress = transition.apply(progress);
  }

  /** Puts the run where a checkpoint stood. */
  void restoreProgress(Progress restored) {
    progress = restored;
  }

  /** Whether a callback requested a validation since the last call; the request is taken. */
  boolean takeValidationRequest() {
    boolean requested = validationRequested;
    validationRequested = false;
    return requested;
  }

  /** Whether a callback requested a checkpoint since the last call; the request is taken. */
  boolean takeCheckpointRequest() {
    boolean requested = checkpointRequested;
    checkpointRequested = false;
    return requested;
  }

  void attach(TrainerCheckpoints writer) {
    this.checkpoints = writer;
  }

  void replaceSession(TrainingSession next) {
    feeds.close();
    session.close();
    session = next;
    feeds = new TensorFeeds(next);
    next.setLearningRate(learningRate);
  }

  void setLearningRateNow(float lr) {
    learningRate = lr;
    session.setLearningRate(lr);
  }

  /**
   * Takes the scheduler's value when it changed since its last one; a rate set by a callback thus holds
   * until the schedule next moves (forever under a constant schedule).
   */
  void applySchedule(double scheduled) {
    if (scheduled != lastScheduled) {
      lastScheduled = scheduled;
      setLearningRateNow((float) scheduled);
    }
  }

  /** After a restore: the scheduler's current value is the reference for the next change. */
  void resetScheduleReference() {
    lastScheduled = scheduler.learningRate();
  }

  Map<String, OnnxTensor> trainFeeds(Batch batch) {
    return feeds.feeds(batch, session.dataInputNames());
  }

  Map<String, OnnxTensor> evalFeeds(Batch batch) {
    return feeds.feeds(batch, session.evalInputNames());
  }

  StepResult trainStep(Batch batch, float lossScale, boolean withPrediction) {
    return session.trainStep(trainFeeds(batch), lossScale, withPrediction);
  }

  @Override
  public int epoch() {
    return progress.epoch();
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public long globalStep() {
    return progress.globalStep();
  }

  @Override
  public int batchInEpoch() {
    return progress.batchInEpoch();
  }

  @Override
  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public Map<String, Double> metrics() {
    return Collections.unmodifiableMap(latest);
  }

  @Override
  public List<Map<String, Double>> history() {
    return Collections.unmodifiableList(history);
  }

  @Override
  public Optional<BatchOutcome> lastBatch() {
    return Optional.ofNullable(lastBatch);
  }

  @Override
  public long skippedSteps() {
    return progress.skippedSteps();
  }

  @Override
  public Path runDirectory() {
    return runDirectory;
  }

  @Override
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  @Override
  public boolean stopRequested() {
    return stopReason != null;
  }

  @Override
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  @Override
  public void requestCheckpoint() {
    checkpointRequested = true;
  }

  @Override
  public void requestValidation() {
    validationRequested = true;
  }

  @Override
  public void setLearningRate(float lr) {
    setLearningRateNow((float) ConfigRules.LEARNING_RATE.require(lr));
  }

  @Override
  public Path saveCheckpoint(String name) {
    return checkpoints.save(name);
  }

  @Override
  public void pruneCheckpoints(int keepLast, Set<String> keep) {
    store.prune(keepLast, keep);
  }

  @Override
  public void deleteCheckpoint(String name) {
    store.delete(name);
  }

  @Override
  public ParameterSnapshot snapshotParameters() {
    return new ParameterSnapshot(session.snapshot(), progress.globalStep());
  }

  @Override
  public void restoreParameters(ParameterSnapshot snapshot) {
    OrtCheckpoint now = session.snapshot();
    replaceState(snapshot, now, now.optimizer().orElse(null));
  }

  @Override
  public void restoreTrainingState(ParameterSnapshot snapshot) {
    OrtCheckpoint now = session.snapshot();
    if (now.optimizer().isPresent() && snapshot.checkpoint().optimizer().isEmpty()) {
      throw new IllegalArgumentException("The snapshot has parameters only, but the optimizer keeps a state: take"
          + " it with snapshotParameters(), which includes the optimizer state, or restore with restoreParameters()");
    }
    replaceState(snapshot, now, snapshot.checkpoint().optimizer().orElse(null));
  }

  /** Opens the session again on the snapshot's parameters and {@code optimizer}, keeping the step count. */
  private void replaceState(ParameterSnapshot snapshot, OrtCheckpoint now, OptimizerState optimizer) {
    List<NamedTensor> trainable = new ArrayList<>();
    for (NamedTensor t : now.trainable()) {
      trainable.add(snapshot.checkpoint().parameter(t.name()));
    }
    List<NamedTensor> frozen = new ArrayList<>();
    for (NamedTensor t : now.frozen()) {
      frozen.add(snapshot.checkpoint().parameters().getOrDefault(t.name(), t));
    }
    OrtCheckpoint merged = new OrtCheckpoint(trainable, frozen, optimizer,
        now.intProperties(), now.floatProperties(), now.stringProperties());
    Path file = runDirectory.resolve("restore-" + System.nanoTime() + ".ckpt");
    try {
      merged.write(file);
      long steps = session.trainSteps();
      replaceSession(sessionFromCheckpoint.apply(file));
      session.restoreTrainSteps(steps);
    } finally {
      Trainer.deleteQuietly(file);
    }
  }

  @Override
  public void close() {
    feeds.close();
    session.close();
  }
}
