package dev.ortrain.callbacks;

import dev.ortrain.rules.ConfigRules;
import dev.ortrain.schedule.Interval;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes checkpoints every {@code every} epochs or optimizer steps, keeps the newest {@code keepLast} (0 =
 * all), and, with a monitor, also keeps the best one by that validation metric. Runs after every other
 * callback, so each checkpoint holds their final state for that point.
 */
public final class ModelCheckpoint implements Callback {
  /** The format of {@link #saveState()}: 1, JSON with named fields (before it, positional text). */
  static final int STATE_VERSION = 1;
  private final int every;
  private final Interval unit;
  private final int keepLast;
  private final Monitor monitor;
  private double best = Double.NaN;
  private String bestName;
  /** The best checkpoint noted at a validation and not yet written. */
  private String pendingBest;
  private String lastName;

  /**
   * @param monitor the metric that selects the best checkpoint, or null to keep only the newest ones
   */
  public ModelCheckpoint(int every, Interval unit, int keepLast, Monitor monitor) {
    this.every = ConfigRules.EVERY.requireInt(every);
    this.unit = unit;
    this.keepLast = ConfigRules.KEEP_LAST.requireInt(keepLast);
    this.monitor = monitor;
  }

  /** The metric that picks the best checkpoint, when one is kept. */
  public java.util.Optional<Monitor> monitor() {
    return java.util.Optional.ofNullable(monitor);
  }

  /** A checkpoint after every epoch, keeping the last two. */
  public static ModelCheckpoint everyEpoch() {
    return new ModelCheckpoint(1, Interval.EPOCH, 2, null);
  }

  public Optional<String> bestCheckpoint() {
    return Optional.ofNullable(bestName);
  }

  public Optional<String> lastCheckpoint() {
    return Optional.ofNullable(lastName);
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    if (unit == Interval.STEP && outcome.optimizerStepped() && ctx.globalStep() % every == 0) {
      save(ctx);
    }
  }

  @Override
  public void onEpochEnd(TrainingContext ctx) {
    saveBest(ctx); // first, so that this epoch's periodic checkpoint records it as the best
    if (unit == Interval.EPOCH && (ctx.epoch() + 1) % every == 0) {
      save(ctx);
    }
  }

  @Override
  public void onBatchBegin(TrainingContext ctx) {
    saveBest(ctx);
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    saveBest(ctx);
  }

  /**
   * Notes an improvement; the best checkpoint is written at the next point where a checkpoint resumes exactly
   * (the epoch's end, once its metrics row and learning-rate step are recorded, or the next batch), never in
   * the middle of an epoch's end.
   */
  @Override
  public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
    if (monitor == null) {
      return;
    }
    Double value = metrics.get(monitor.metric());
    if (value == null) {
      throw new IllegalStateException("ModelCheckpoint monitors '" + monitor.metric() + "' but validation reported "
          + metrics.keySet() + "; monitor one of those");
    }
    if (monitor.improves(value, best)) {
      best = value;
      pendingBest = String.format("best-step-%08d", ctx.globalStep());
    }
  }

  private void saveBest(TrainingContext ctx) {
    if (pendingBest == null) {
      return;
    }
    String previous = bestName;
    bestName = pendingBest; // before saving, so the checkpoint records itself as the best
    pendingBest = null;
    ctx.saveCheckpoint(bestName);
    if (previous != null && !previous.equals(bestName)) {
      ctx.deleteCheckpoint(previous);
    }
  }

  private void save(TrainingContext ctx) {
    String name = String.format("epoch-%04d-step-%08d", ctx.epoch() + 1, ctx.globalStep());
    lastName = name;
    ctx.saveCheckpoint(name);
    if (keepLast > 0) {
      ctx.pruneCheckpoints(keepLast, bestName == null ? Set.of() : Set.of(bestName));
    }
  }

  @Override
  public int order() {
    return CHECKPOINT;
  }

  @Override
  public String stateKey() {
    return "model_checkpoint";
  }

  @Override
  public Optional<String> saveState() {
    return Optional.of(CallbackState.ofVersion(STATE_VERSION).with("best", best).with("bestCheckpoint", bestName)
        .with("lastCheckpoint", lastName).with("pendingBest", pendingBest).toJson());
  }

  @Override
  public void restoreState(String saved) {
    CallbackState state = CallbackState.read(saved, "checkpoint-callback", STATE_VERSION);
    best = state.number("best").orElse(Double.NaN);
    bestName = state.text("bestCheckpoint").orElse(null);
    lastName = state.text("lastCheckpoint").orElse(null);
    pendingBest = state.text("pendingBest").orElse(null);
  }
}
