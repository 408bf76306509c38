package dev.ortrain.callbacks;

import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.rules.ConfigRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Stops training when the monitored validation metric has not improved for {@code patience} validations.
 * With {@code restoreBestWeights}, the parameters of the best validation are put back when training ends,
 * however it ends (early stop, last epoch, or a stop requested by another callback); they are also kept in
 * {@value #BEST_WEIGHTS_FILE} in the run directory, so a resumed run can still restore them. Its counters are
 * part of checkpoints, so a resumed run keeps its patience.
 */
public final class EarlyStopping implements Callback {
  /** The format of {@link #saveState()}: 1, JSON with named fields (before it, positional text). */
  static final int STATE_VERSION = 1;
  private final Monitor monitor;
  private final int patience;
  private final boolean restoreBestWeights;
  private double best = Double.NaN;
  private long bestStep = -1;
  private int badValidations;
  private ParameterSnapshot bestWeights;
  /** Where the best weights live on disk while training runs. */
  public static final String BEST_WEIGHTS_FILE = "early-stopping-best.ckpt";

  public EarlyStopping(Monitor monitor, int patience, boolean restoreBestWeights) {
    this.monitor = monitor;
    this.patience = ConfigRules.PATIENCE.requireInt(patience);
    this.restoreBestWeights = restoreBestWeights;
  }

  public Monitor monitor() {
    return monitor;
  }

  public double best() {
    return best;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    bestWeights = null; // weights are never carried over from a previous fit
  }

  @Override
  public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
    Double value = metrics.get(monitor.metric());
    if (value == null) {
      throw new IllegalStateException("EarlyStopping monitors '" + monitor.metric() + "' but validation reported "
          + metrics.keySet() + "; monitor one of those");
    }
    if (monitor.improves(value, best)) {
      best = value;
      bestStep = ctx.globalStep();
      badValidations = 0;
      if (restoreBestWeights) {
        bestWeights = ctx.snapshotParameters();
        writeAtomically(bestWeights, ctx.runDirectory().resolve(BEST_WEIGHTS_FILE));
      }
      return;
    }
    badValidations++;
    if (badValidations >= patience) {
      ctx.stop(String.format("early stopping: %s did not improve on %.6g (step %d) for %d validation(s)",
          monitor.metric(), best, bestStep, badValidations));
    }
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    if (!restoreBestWeights || bestStep < 0 || bestStep == ctx.globalStep()) {
      return;
    }
    if (bestWeights == null) {
      // Resumed after the best validation: take the weights from the run directory.
      Path file = ctx.runDirectory().resolve(BEST_WEIGHTS_FILE);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("EarlyStopping cannot restore the best weights of step " + bestStep
            + ": " + file + " is missing");
      }
      bestWeights = new ParameterSnapshot(OrtCheckpoint.read(file), bestStep);
    }
    ctx.restoreParameters(bestWeights);
  }

  private static void writeAtomically(ParameterSnapshot snapshot, Path file) {
    AtomicFiles.replace(file, "the best weights", part -> snapshot.checkpoint().write(part));
  }

  @Override
  public int order() {
    return EARLY_STOPPING;
  }

  @Override
  public String stateKey() {
    return "early_stopping:" + monitor.metric();
  }

  @Override
  public Optional<String> saveState() {
    CallbackState state = CallbackState.ofVersion(STATE_VERSION).with("badValidations", badValidations);
    if (bestStep >= 0) {
      state.with("best", best).with("bestStep", bestStep);
    }
    return Optional.of(state.toJson());
  }

  @Override
  public void restoreState(String saved) {
    CallbackState state = CallbackState.read(saved, "early-stopping", STATE_VERSION);
    best = state.number("best").orElse(Double.NaN);
    bestStep = state.optionalWhole("bestStep").orElse(-1);
    badValidations = Math.toIntExact(state.whole("badValidations"));
  }
}
