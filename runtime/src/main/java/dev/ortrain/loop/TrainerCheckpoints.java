package dev.ortrain.loop;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.CorruptCheckpointException;
import dev.ortrain.data.LoaderState;
import dev.ortrain.metrics.MetricCollection;
import dev.ortrain.schedule.SchedulerState;
import dev.ortrain.session.TrainingSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes a run's checkpoints (ONNX Runtime's checkpoint plus {@link ResumeState}, through the atomic
 * {@link CheckpointStore}) and restores a run from one, refusing checkpoints of another configuration.
 */
final class TrainerCheckpoints {
  private final RunState run;
  private final MetricCollection trainMetrics;
  private final AccumulationWindows windows;
  private final TrainBatches loader;
  private final TrainerConfig config;
  private final long stepsPerEpoch;
  private final ScheduleOnExtension onExtension;
  private final String fingerprint;
  private final CheckpointStore store;
  private final Function<Path, TrainingSession> sessionFromCheckpoint;
  private final Consumer<String> log;

  /**
   * @param stepsPerEpoch optimizer steps of a configured epoch, to check an extended run's schedule
   * @param onExtension what an extension does with a schedule that would pass its end
   */
  TrainerCheckpoints(RunState run, MetricCollection trainMetrics, AccumulationWindows windows, TrainBatches loader,
      TrainerConfig config, long stepsPerEpoch, ScheduleOnExtension onExtension, String fingerprint, CheckpointStore store,
      Function<Path, TrainingSession> sessionFromCheckpoint, Consumer<String> log) {
    this.run = run;
    this.trainMetrics = trainMetrics;
    this.windows = windows;
    this.loader = loader;
    this.config = config;
    this.stepsPerEpoch = stepsPerEpoch;
    this.onExtension = onExtension;
    this.fingerprint = fingerprint;
    this.store = store;
    this.sessionFromCheckpoint = sessionFromCheckpoint;
    this.log = log;
  }

  /** Writes a complete checkpoint named {@code name}; only between optimizer steps. */
  Path save(String name) {
    Progress now = run.progress();
    if (!windows.betweenWindows(now.batchInEpoch())) {
      throw new IllegalStateException("A checkpoint can only be written between optimizer steps (batch "
          + now.batchInEpoch() + " is inside an accumulation window of " + windows.accumulationSteps()
          + "); call requestCheckpoint() to write one at the next step");
    }
    // Once an epoch's end is recorded the saved position is the start of the next epoch (the loader is already
    // there); after its last batch and before that, the end of this epoch, with its partial metrics.
    Progress resumesAt = now.resumePoint();
    Map<String, Double> trainMetricState = now.endRecorded() ? Map.of() : trainMetrics.state();
    Map<String, String> callbackStates = new LinkedHashMap<>();
    for (Callback c : run.callbacks) {
      c.saveState().ifPresent(s -> callbackStates.put(c.stateKey(), s));
    }
    ResumeState state = new ResumeState(fingerprint, config.epochs(), resumesAt.epoch(), resumesAt.batchInEpoch(),
        resumesAt.globalStep(), run.session.trainSteps(), loader.state().encode(), run.scheduler.state().encode(),
        run.learningRate, trainMetricState, new LinkedHashMap<>(run.latest), run.history, resumesAt.skippedSteps(),
        callbackStates);
    try (CheckpointStore.Pending pending = store.begin(name)) {
      run.session.saveCheckpoint(pending.file(Trainer.ORT_CHECKPOINT), true);
      pending.writeString(ResumeState.FILE, state.toJson());
      pending.metadata().addProperty("epoch", resumesAt.epoch());
      pending.metadata().addProperty("globalStep", resumesAt.globalStep());
      return pending.commit();
    }
  }


  /** The entries of two fingerprints ({@code key=value;key=value...}) that differ, one line each. */
  static String differences(String saved, String current) {
    Map<String, String> a = entries(saved);
    Map<String, String> b = entries(current);
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    StringBuilder out = new StringBuilder();
    for (String key : keys) {
      String was = a.getOrDefault(key, "(not recorded)");
      String is = b.getOrDefault(key, "(not recorded)");
      if (!was.equals(is)) {
        out.append("\n  ").append(key).append(": checkpoint ").append(was).append(", this run ").append(is);
      }
    }
    return out.toString();
  }

  private static Map<String, String> entries(String fingerprint) {
    Map<String, String> entries = new LinkedHashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|;)(\\w+)=").matcher(fingerprint);
    String key = null;
    int valueStart = 0;
    while (m.find()) {
      if (key != null) {
        entries.put(key, fingerprint.substring(valueStart, m.start()));
      }
      key = m.group(1);
      valueStart = m.end();
    }
    if (key != null) {
      entries.put(key, fingerprint.substring(valueStart));
    }
    return entries;
  }

  /**
   * Puts the run back to the state saved in {@code checkpointDir}; a refused checkpoint (another configuration,
   * or a length it cannot continue to) changes nothing.
   */
  ResumedRun restore(Path checkpointDir) {
    CheckpointStore.verify(checkpointDir);
    ResumeState state = ResumeState.fromJson(CheckpointStore.readString(checkpointDir, ResumeState.FILE),
        checkpointDir.toString());
    if (!state.fingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException("Checkpoint " + checkpointDir + " belongs to a different configuration,"
          + " model or data and cannot be resumed by this one; what differs:" + differences(state.fingerprint(),
          fingerprint) + "\nResume it with the configuration, model and data it was written with.");
    }
    RunLengthChange.require(checkpointDir, state, config.epochs(), stepsPerEpoch, run.scheduler, onExtension);
    Path ortCheckpoint = run.runDirectory().resolve("resume-" + System.nanoTime() + ".ckpt");
    try {
      Files.copy(checkpointDir.resolve(Trainer.ORT_CHECKPOINT), ortCheckpoint);
      run.replaceSession(sessionFromCheckpoint.apply(ortCheckpoint));
    } catch (CorruptCheckpointException e) {
      // The message names the private copy the session read, which is deleted below; name the checkpoint.
      throw new CorruptCheckpointException(checkpointDir.resolve(Trainer.ORT_CHECKPOINT).toString(),
          e.problem());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + checkpointDir.resolve(Trainer.ORT_CHECKPOINT), e);
    } finally {
      Trainer.deleteQuietly(ortCheckpoint);
    }
    run.restoreProgress(Progress.restoredFrom(state));
    run.session.restoreTrainSteps(state.trainSteps());
    loader.restore(LoaderState.decode(state.loaderState()));
    run.scheduler.restore(SchedulerState.decode(state.schedulerState()));
    run.setLearningRateNow(state.learningRate());
    run.resetScheduleReference();
    if (!state.trainMetricState().isEmpty()) {
      trainMetrics.restore(state.trainMetricState());
    }
    run.latest.clear();
    run.latest.putAll(state.latestMetrics());
    run.history.clear();
    run.history.addAll(state.history());
    for (Callback c : run.callbacks) {
      String saved = state.callbackStates().get(c.stateKey());
      if (saved != null) {
        c.restoreState(saved);
      }
    }
    ResumedRun resumed = new ResumedRun(checkpointDir, state.epoch(), state.epochs(), config.epochs());
    Progress at = run.progress();
    log.accept("Restored " + checkpointDir + ": epoch " + (at.epoch() + 1) + ", batch " + at.batchInEpoch()
        + ", step " + at.globalStep() + resumed.lengthChange().map(change -> "; " + change).orElse(""));
    return resumed;
  }
}
