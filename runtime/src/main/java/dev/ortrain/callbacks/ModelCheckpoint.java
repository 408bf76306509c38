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
  private final int every;
  private final Interval unit;
  private final int keepLast;
  private final Monitor monitor;
  private double best = Double.NaN;
  private String bestName;
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
    if (unit == Interval.EPOCH && (ctx.epoch() + 1) % every == 0) {
      save(ctx);
    }
  }

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
      String name = String.format("best-step-%08d", ctx.globalStep());
      String previous = bestName;
      bestName = name; // before saving, so the checkpoint records itself as the best
      ctx.saveCheckpoint(name);
      if (previous != null && !previous.equals(name)) {
        ctx.deleteCheckpoint(previous);
      }
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
    return Optional.of(best + ";" + (bestName == null ? "" : bestName) + ";" + (lastName == null ? "" : lastName));
  }

  @Override
  public void restoreState(String state) {
    String[] parts = state.split(";", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("Unreadable checkpoint-callback state '" + state + "'");
    }
    best = Double.parseDouble(parts[0]);
    bestName = parts[1].isEmpty() ? null : parts[1];
    lastName = parts[2].isEmpty() ? null : parts[2];
  }
}
